package dev.airlock.benchmarks;

import dev.airlock.AirlockException;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Isolation;
import dev.airlock.runtime.Plugin;
import dev.airlock.runtime.PluginOptions;
import dev.airlock.trust.ArtefactVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * The example plugins built by the {@code examples} module ({@code echo}, {@code extism-echo},
 * {@code cpu-burn}), as bytes, as bare-wasm files and as loaded Airlock plugins, plus the inputs
 * the benchmarks feed them.
 */
final class ExamplePlugins {
  private ExamplePlugins() {}

  /**
   * The module's bytes, from the airlock-examples jar on the class path.
   *
   * @param name the plugin, e.g. {@code echo}
   * @return the wasm
   * @throws IllegalStateException when the module is not on the class path
   */
  static byte[] wasm(String name) {
    String resource = "/dev/airlock/examples/" + name + ".wasm";
    try (InputStream in = ExamplePlugins.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource + " is not on the class path: build the examples module first");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /**
   * Loads a plugin the way a host would load a bare module: written to {@code dir/NAME.wasm}, read
   * with {@link ArtefactReader#readBareWasm}, admitted without a trust root.
   *
   * @param engine the engine
   * @param name the plugin
   * @param isolation fresh or pooled instances
   * @param dir a scratch directory
   * @return the plugin
   * @throws AirlockException when Airlock refuses the module
   * @throws IOException when the file cannot be written or read
   */
  static Plugin load(Engine engine, String name, Isolation isolation, Path dir)
      throws AirlockException, IOException {
    Path file = dir.resolve(name + ".wasm");
    Files.write(file, wasm(name));
    return engine.load(
        ArtefactVerifier.withoutTrustRoot()
            .verify(ArtefactReader.create().readBareWasm(file, null)),
        PluginOptions.builder().isolation(isolation).build());
  }

  /**
   * Reproducible pseudo-random bytes.
   *
   * @param size how many
   * @param seed the seed
   * @return the bytes
   */
  static byte[] input(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  /**
   * Fails unless a benchmark's output is what it should be; a benchmark that measured a wrong
   * answer would be meaningless.
   *
   * @param what the benchmark
   * @param expected the right output
   * @param actual what it gave
   * @throws IllegalStateException when they differ
   */
  static void check(String what, byte[] expected, byte[] actual) {
    if (!Arrays.equals(expected, actual)) {
      throw new IllegalStateException(
          what
              + ": output of "
              + actual.length
              + " bytes differs from the expected "
              + expected.length
              + " bytes");
    }
  }

  /**
   * Deletes a scratch directory and the files in it.
   *
   * @param dir the directory, or {@code null}
   * @throws IOException when something cannot be deleted
   */
  static void delete(Path dir) throws IOException {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }
}
