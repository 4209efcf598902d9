package dev.airlock.benchmarks;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import dev.airlock.AirlockException;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Plugin;
import dev.airlock.trust.ArtefactVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * One whole process for the cold-start measurement: start, load the raw-ABI {@code echo}, make one
 * call with 1 KiB, check the output, exit. {@code run-runtime-bench.sh} runs it many times in fresh
 * JVMs under {@code hyperfine}.
 *
 * <p>Modes:
 *
 * <ul>
 *   <li>{@code jvm}: nothing; the cost of starting this JVM with this class path.
 *   <li>{@code chicory-aot}: {@link EchoAot}, which Chicory's build-time compiler (the {@code
 *       chicory-compiler-maven-plugin}) made from {@code echo.wasm}; no compiling at run time.
 *   <li>{@code chicory-compile FILE}: plain Chicory, compiling {@code FILE} at run time.
 *   <li>{@code airlock FILE}: a default {@link Engine} loads {@code FILE} as a bare module; it
 *       parses, checks and compiles it.
 *   <li>{@code airlock-cache FILE DIR}: the same with the disk compile cache in {@code DIR}; once
 *       the cache holds the module, the load skips the compiler.
 * </ul>
 *
 * <p>Exit status 0 when the call echoed its input, 1 when not, 2 on bad arguments.
 */
public final class ColdStart {
  private ColdStart() {}

  /**
   * Runs one mode.
   *
   * @param args the mode and its arguments
   * @throws AirlockException when Airlock refuses the module or the call fails
   * @throws IOException when a file cannot be read
   */
  public static void main(String[] args) throws AirlockException, IOException {
    if (args.length == 0) {
      usage();
      return;
    }
    byte[] input = ExamplePlugins.input(HookCallBenchmark.SIZE, HookCallBenchmark.SEED);
    byte[] output;
    switch (args[0]) {
      case "jvm" -> {
        return;
      }
      case "chicory-aot" -> output = bare(EchoAot.load(), EchoAot::create, input);
      case "chicory-compile" -> {
        BareChicory.Compiled c = BareChicory.compile(Files.readAllBytes(file(args, 1)));
        output = bare(c.module(), c.machines(), input);
      }
      case "airlock" -> output = airlock(Engine.builder().build(), file(args, 1), input);
      case "airlock-cache" ->
          output =
              airlock(Engine.builder().compileCache(file(args, 2)).build(), file(args, 1), input);
      default -> {
        usage();
        return;
      }
    }
    if (!java.util.Arrays.equals(input, output)) {
      System.err.println("cold start: the echo returned other bytes than it was given");
      System.exit(1);
    }
  }

  private static byte[] bare(
      WasmModule module, Function<Instance, Machine> machines, byte[] input) {
    return new BareChicory(module, machines, "echo").call(input);
  }

  private static byte[] airlock(Engine engine, Path wasm, byte[] input)
      throws AirlockException, IOException {
    try (engine;
        Plugin plugin =
            engine.load(
                ArtefactVerifier.withoutTrustRoot()
                    .verify(ArtefactReader.create().readBareWasm(wasm, null)))) {
      return plugin.call("echo", input).output();
    }
  }

  private static Path file(String[] args, int i) {
    if (args.length <= i) {
      usage();
    }
    return Path.of(args[i]);
  }

  private static void usage() {
    System.err.println(
        "usage: ColdStart jvm | chicory-aot | chicory-compile FILE | airlock FILE"
            + " | airlock-cache FILE DIR");
    System.exit(2);
  }
}
