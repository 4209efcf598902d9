package dev.airlock.host;

import dev.airlock.artefact.Abi;
import dev.airlock.artefact.ConfigSchema;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.internal.Digests;
import dev.airlock.trust.ArtefactSigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Signed artefacts for host tests, dropped into a directory the way operators do. */
final class HostFixtures {
  private HostFixtures() {}

  static byte[] example(String name) {
    try (InputStream in =
        ClassLoader.getSystemClassLoader()
            .getResourceAsStream("dev/airlock/examples/" + name + ".wasm")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Manifest manifest(
      String name, String version, byte[] wasm, List<String> hooks, Optional<ConfigSchema> schema) {
    return new Manifest(
        "1.0",
        name,
        SemanticVersion.parse(version),
        "",
        "",
        hooks,
        Digests.sha256Hex(wasm),
        Optional.<Abi>empty(),
        Permissions.NONE,
        Optional.empty(),
        Instant.parse("2026-01-01T00:00:00Z"),
        "",
        "",
        schema);
  }

  /** Packs to a temp file beside the target, then renames it in: what a careful operator does. */
  static Path drop(Path dir, String file, Manifest m, byte[] wasm, PrivateKey key)
      throws IOException {
    Path tmp = dir.resolve("." + file + ".tmp");
    ArtefactSigner.packTo(m, wasm, key, tmp);
    return Files.move(
        tmp,
        dir.resolve(file),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
