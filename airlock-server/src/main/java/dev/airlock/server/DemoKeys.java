package dev.airlock.server;

import dev.airlock.trust.Ed25519Keys;
import dev.airlock.trust.TrustException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;

/**
 * The embedded demo's signing key ({@code demo/keys/demo.key}, made at first start) and a trust
 * root holding its public half ({@code demo/trust/demo.pub}), used when no trust root is
 * configured.
 */
record DemoKeys(PrivateKey key, Path trustRoot) {
  static DemoKeys open(Path dir) throws IOException, TrustException {
    Path keys = Files.createDirectories(dir.resolve("keys"));
    Path trust = Files.createDirectories(dir.resolve("trust"));
    Path key = keys.resolve("demo.key");
    Path pub = trust.resolve("demo.pub");
    if (!Files.exists(key) || !Files.exists(pub)) {
      Files.deleteIfExists(key);
      Files.deleteIfExists(pub);
      Ed25519Keys.writePair(Ed25519Keys.generate(), key, pub);
    }
    return new DemoKeys(Ed25519Keys.readPrivateKey(key), trust);
  }
}
