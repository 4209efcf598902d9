package dev.airlock.trust;

import dev.airlock.trust.TrustException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A set of trusted Ed25519 public keys, each with a label. Loaded from a directory of {@code *.pub}
 * files (PEM SubjectPublicKeyInfo or base64 of the raw 32 bytes); a key's label is its file's stem.
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustRoot {
  /** Ed25519 signatures are always 64 bytes. */
  public static final int SIGNATURE_BYTES = 64;

  private final Path directory;
  private final Map<String, PublicKey> keys;

  private TrustRoot(Path directory, Map<String, PublicKey> keys) {
    this.directory = directory;
    this.keys = Collections.unmodifiableMap(new TreeMap<>(keys));
  }

  /**
   * Loads every {@code *.pub} file in {@code directory}.
   *
   * @param directory the trust root directory
   * @return the trust root
   * @throws TrustException when the directory holds no keys or a key file is malformed
   * @throws IOException when the directory cannot be read
   */
  public static TrustRoot load(Path directory) throws TrustException, IOException {
    if (!Files.isDirectory(directory)) {
      throw new TrustException(
          Reason.NO_KEYS, "trust root " + directory + " does not exist or is not a directory");
    }
    Map<String, PublicKey> keys = new TreeMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.pub")) {
      for (Path file : files) {
        if (!Files.isRegularFile(file)) {
          continue;
        }
        String name = file.getFileName().toString();
        keys.put(name.substring(0, name.length() - 4), Ed25519Keys.readPublicKey(file));
      }
    }
    if (keys.isEmpty()) {
      throw new TrustException(Reason.NO_KEYS, "trust root " + directory + " has no *.pub keys");
    }
    return new TrustRoot(directory, keys);
  }

  /**
   * A trust root from keys in memory.
   *
   * @param keys label to Ed25519 public key; not empty
   * @return the trust root
   * @throws IllegalArgumentException when {@code keys} is empty
   */
  public static TrustRoot of(Map<String, PublicKey> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("keys should not be empty");
    }
    return new TrustRoot(null, keys);
  }

  /**
   * The directory the keys came from, if they came from one.
   *
   * @return the directory, or empty
   */
  public Optional<Path> directory() {
    return Optional.ofNullable(directory);
  }

  /**
   * The labels of the trusted keys, sorted.
   *
   * @return labels
   */
  public Set<String> labels() {
    return keys.keySet();
  }

  /**
   * Finds the trusted key that made {@code signature} over {@code content}.
   *
   * @param content the signed bytes
   * @param signature the signature
   * @return the label of the key that verifies it
   * @throws TrustException when the signature is not 64 bytes or no trusted key verifies it
   */
  public String verify(ByteBuffer content, byte[] signature) throws TrustException {
    if (signature.length != SIGNATURE_BYTES) {
      throw new TrustException(
          Reason.SIGNATURE_LENGTH,
          "signature should be 64 bytes, got " + signature.length,
          "64",
          String.valueOf(signature.length),
          null);
    }
    for (Map.Entry<String, PublicKey> key : keys.entrySet()) {
      if (verifies(key.getValue(), content.duplicate(), signature)) {
        return key.getKey();
      }
    }
    throw new TrustException(
        Reason.NO_MATCH,
        "signature did not match any trusted key (tried " + String.join(", ", keys.keySet()) + ")");
  }

  private static boolean verifies(PublicKey key, ByteBuffer content, byte[] signature) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initVerify(key);
      s.update(content);
      return s.verify(signature);
    } catch (java.security.SignatureException e) {
      return false; // a malformed signature (e.g. S out of range) verifies under no key
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 verification unavailable", e);
    }
  }
}
