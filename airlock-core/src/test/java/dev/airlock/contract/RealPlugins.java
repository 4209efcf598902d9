package dev.airlock.contract;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.airlock.artefact.ArtefactReader;
import dev.airlock.artefact.ArtefactWriter;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.internal.Digests;
import dev.airlock.runtime.CallResult;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Plugin;
import dev.airlock.runtime.PluginException;
import dev.airlock.runtime.PluginOptions;
import dev.airlock.testing.WatCompiler;
import dev.airlock.trust.ArtefactVerifier;
import dev.airlock.trust.VerifiedArtefact;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Real plugins for contract tests: the example plugins built from C (on the test classpath as
 * {@code dev/airlock/examples/NAME.wasm}), hostile corpus modules and small WAT modules, packed
 * into artefacts and loaded through {@link Engine} the way a host loads them.
 */
final class RealPlugins {
  private RealPlugins() {}

  static byte[] exampleWasm(String name) {
    try (InputStream in =
        ClassLoader.getSystemClassLoader()
            .getResourceAsStream("dev/airlock/examples/" + name + ".wasm")) {
      if (in == null) {
        throw new IllegalStateException(
            "example " + name + " was not built: run mvn -pl examples install");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static VerifiedArtefact artefact(String name, byte[] wasm, List<String> hooks) {
    Manifest m =
        new Manifest(
            Manifest.SCHEMA_VERSION,
            name,
            SemanticVersion.parse("1.0.0"),
            "",
            "",
            hooks,
            Digests.sha256Hex(wasm),
            Optional.empty(),
            Permissions.NONE,
            Optional.empty(),
            Instant.parse("2026-01-01T00:00:00Z"));
    try {
      return ArtefactVerifier.withoutTrustRoot()
          .verify(
              ArtefactReader.create()
                  .readTarGz(new ByteArrayInputStream(ArtefactWriter.toBytes(m, wasm, null))));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Loads an example under its own name (or another, to load one module twice). */
  static Plugin example(
      Engine engine, String example, String as, Map<String, String> config, String... hooks)
      throws PluginException {
    return engine.load(
        artefact(as, exampleWasm(example), List.of(hooks)),
        PluginOptions.builder().config(config).build());
  }

  static Plugin load(Engine engine, String name, byte[] wasm, List<String> hooks)
      throws PluginException {
    return engine.load(artefact(name, wasm, hooks));
  }

  /**
   * A raw-ABI module whose hook ignores its input and returns {@code reply} verbatim: for replies
   * that break the contract.
   */
  static byte[] constantReply(String hook, byte[] reply) {
    StringBuilder data = new StringBuilder();
    for (byte b : reply) {
      data.append('\\').append(HexFormat.of().toHexDigits(b));
    }
    String wat =
        """
        (module
          (memory (export "memory") 2)
          (func (export "alloc") (param i32) (result i32) (i32.const 65536))
          (func (export "dealloc") (param i32 i32))
          (func (export "%s") (param i32 i32) (result i64)
            (i64.or (i64.shl (i64.const 1024) (i64.const 32)) (i64.const %d)))
          (data (i32.const 1024) "%s"))
        """
            .formatted(hook, reply.length, data);
    return WatCompiler.compile(wat);
  }

  /** A raw-ABI module whose hook claims an output of {@code length} bytes at address 0. */
  static byte[] claimedOutput(String hook, int length) {
    return WatCompiler.compile(
        """
        (module
          (memory (export "memory") 1)
          (func (export "alloc") (param i32) (result i32) (i32.const 1024))
          (func (export "dealloc") (param i32 i32))
          (func (export "%s") (param i32 i32) (result i64) (i64.const %d)))
        """
            .formatted(hook, length));
  }

  static byte[] constantReply(String hook, String reply) {
    return constantReply(hook, reply.getBytes(UTF_8));
  }

  /** Serves {@code hook} by calling another hook of a plugin: hostile modules name theirs "run". */
  static HookTarget renamed(Plugin plugin, String hook, String actual) {
    return new HookTarget() {
      @Override
      public String name() {
        return plugin.name();
      }

      @Override
      public Set<String> hooks() {
        return Set.of(hook);
      }

      @Override
      public CallResult call(String h, byte[] input) throws PluginException {
        return plugin.call(actual, input);
      }
    };
  }
}
