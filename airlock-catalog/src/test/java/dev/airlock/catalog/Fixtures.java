package dev.airlock.catalog;

import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.trust.ArtefactSigner;
import dev.airlock.trust.TrustRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Plugins, indexes and directory listings for catalog tests. */
final class Fixtures {
  private Fixtures() {}

  /** An example module built from C by the examples module. */
  static byte[] example(String name) {
    try (InputStream in =
        Fixtures.class.getResourceAsStream("/dev/airlock/examples/" + name + ".wasm")) {
      if (in == null) {
        throw new AssertionError("example " + name + ".wasm is not on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static String sha256(Path p) throws IOException {
    return sha256(Files.readAllBytes(p));
  }

  /** Packs {@code name-version.tar.gz} in {@code dir}, signed when {@code key} is given. */
  static Path pack(Path dir, String name, String version, byte[] wasm, KeyPair key)
      throws IOException {
    Manifest m =
        new Manifest(
            Manifest.SCHEMA_VERSION,
            name,
            SemanticVersion.parse(version),
            name + " plugin",
            "MIT",
            List.of("echo"),
            sha256(wasm),
            Optional.empty(),
            Permissions.NONE,
            key == null ? Optional.empty() : Optional.of(Manifest.ED25519),
            Instant.parse("2026-01-01T00:00:00Z"));
    Path out = dir.resolve(name + "-" + version + ".tar.gz");
    Files.createDirectories(dir);
    ArtefactSigner.packTo(m, wasm, key == null ? null : key.getPrivate(), out);
    return out;
  }

  static TrustRoot trust(KeyPair key) {
    return TrustRoot.of(Map.of("alice", key.getPublic()));
  }

  /** Every name under {@code dir}, hidden ones and subdirectories included, relative. */
  static TreeSet<String> listing(Path dir) throws IOException {
    TreeSet<String> out = new TreeSet<>();
    if (!Files.exists(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(p -> !p.equals(dir)).forEach(p -> out.add(dir.relativize(p).toString()));
    }
    return out;
  }

  /** The listing without the install lock (created once, empty, by every install). */
  static TreeSet<String> visible(Path dir) throws IOException {
    TreeSet<String> out = listing(dir);
    out.remove(Staging.LOCK);
    return out;
  }

  /** An index entry in JSON. */
  static String entry(String name, String version, String artifact, String sha) {
    return "{\"name\": \""
        + name
        + "\", \"version\": \""
        + version
        + "\", \"artifact\": \""
        + artifact
        + "\", \"sha256\": \""
        + sha
        + "\"}";
  }

  static String index(String... entries) {
    return "{\"schema_version\": \"1\", \"plugins\": [" + String.join(", ", entries) + "]}";
  }
}
