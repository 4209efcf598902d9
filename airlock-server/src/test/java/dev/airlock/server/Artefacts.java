package dev.airlock.server;

import dev.airlock.artefact.Abi;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.trust.ArtefactSigner;
import dev.airlock.trust.Ed25519Keys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Test artefacts made from the example modules, signed with the server's demo key. */
final class Artefacts {
  private Artefacts() {}

  static PrivateKey demoKey(Path data) throws Exception {
    return Ed25519Keys.readPrivateKey(data.resolve("demo/keys/demo.key"));
  }

  static byte[] tarGz(
      PrivateKey key, String example, String name, String version, List<String> hooks)
      throws Exception {
    byte[] wasm = ExamplePlugins.wasm(example);
    Manifest m =
        new Manifest(
            Manifest.SCHEMA_VERSION,
            name,
            SemanticVersion.parse(version),
            "test " + name,
            "Apache-2.0",
            hooks,
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wasm)),
            Optional.of(Abi.RAW),
            Permissions.NONE,
            Optional.empty(),
            Instant.parse("2026-01-01T00:00:00Z"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArtefactSigner.pack(m, wasm, key, out);
    return out.toByteArray();
  }

  static byte[] signatureOf(PrivateKey key, byte[] wasm) {
    return ArtefactSigner.signBareWasm(wasm, key).getBytes(StandardCharsets.US_ASCII);
  }
}
