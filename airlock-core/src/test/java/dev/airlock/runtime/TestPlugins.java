package dev.airlock.runtime;

import dev.airlock.artefact.Abi;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.artefact.ArtefactWriter;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.internal.Digests;
import dev.airlock.trust.ArtefactVerifier;
import dev.airlock.trust.VerifiedArtefact;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Example and hostile modules packed into artefacts, the way a host receives them. */
final class TestPlugins {
  private TestPlugins() {}

  static byte[] example(String name) {
    try (InputStream in =
        TestPlugins.class.getResourceAsStream("/dev/airlock/examples/" + name + ".wasm")) {
      if (in == null) {
        throw new IllegalStateException("example " + name + " was not built");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static VerifiedArtefact artefact(
      String name, byte[] wasm, List<String> hooks, Abi abi, Permissions permissions) {
    Manifest m =
        new Manifest(
            Manifest.SCHEMA_VERSION,
            name,
            SemanticVersion.parse("1.0.0"),
            "",
            "",
            hooks,
            Digests.sha256Hex(wasm),
            Optional.ofNullable(abi),
            permissions,
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

  static VerifiedArtefact artefact(String name, byte[] wasm, String... hooks) {
    return artefact(name, wasm, List.of(hooks), null, Permissions.NONE);
  }

  static VerifiedArtefact example(String name, String... hooks) {
    return artefact(name, example(name), hooks);
  }
}
