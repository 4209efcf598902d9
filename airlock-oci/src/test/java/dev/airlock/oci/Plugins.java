package dev.airlock.oci;

import dev.airlock.artefact.Abi;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.trust.ArtefactSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Test helper: the example plugins' wasm from the examples jar, packed and signed. */
final class Plugins {
  static final List<String> EXAMPLES = List.of("greeter", "echo", "uppercase");

  private Plugins() {}

  static byte[] wasm(String name) throws IOException {
    try (InputStream in =
        ClassLoader.getSystemClassLoader()
            .getResourceAsStream("dev/airlock/examples/" + name + ".wasm")) {
      if (in == null) {
        throw new AssertionError("example " + name + ".wasm is not on the class path");
      }
      return in.readAllBytes();
    }
  }

  static byte[] signed(String name, byte[] wasm, KeyPair key) throws IOException {
    Manifest m =
        new Manifest(
            Manifest.SCHEMA_VERSION,
            name,
            SemanticVersion.parse("1.2.3"),
            "the " + name + " example",
            "Apache-2.0",
            List.of(name.equals("greeter") ? "greet" : name),
            Digest.sha256(wasm).hex(),
            Optional.of(name.equals("greeter") ? Abi.EXTISM : Abi.RAW),
            Permissions.NONE,
            Optional.of(Manifest.ED25519),
            Instant.parse("2026-01-02T03:04:05Z"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArtefactSigner.pack(m, wasm, key.getPrivate(), out);
    return out.toByteArray();
  }
}
