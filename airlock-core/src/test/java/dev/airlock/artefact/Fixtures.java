package dev.airlock.artefact;

import dev.airlock.internal.Digests;
import dev.airlock.testing.WasmModules;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Valid parts for artefact tests. */
final class Fixtures {
  static final Instant PACKED_AT = Instant.parse("2026-11-21T12:00:00Z");
  static final byte[] WASM = WasmModules.ofSize(300, 7);

  private Fixtures() {}

  static Manifest manifest(byte[] wasm) {
    return new Manifest(
        Manifest.SCHEMA_VERSION,
        "echo",
        SemanticVersion.parse("1.2.3"),
        "Echoes its input",
        "Apache-2.0",
        List.of("pre_query", "post_query"),
        Digests.sha256Hex(wasm),
        Optional.of(Abi.RAW),
        Permissions.NONE,
        Optional.empty(),
        PACKED_AT);
  }

  static Manifest manifest() {
    return manifest(WASM);
  }

  static byte[] manifestJson() {
    return manifest().toJson();
  }
}
