package dev.airlock.trust;

import dev.airlock.internal.AtomicFiles;
import dev.airlock.trust.TrustException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Ed25519 keys with plain JDK crypto: generating, reading and writing them in the forms {@code
 * openssl} uses (PKCS#8 and SubjectPublicKeyInfo PEM) and the raw base64 form of HeliosDB Proxy
 * trust roots, and signing.
 */
public final class Ed25519Keys {
  /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private static final int MAX_KEY_FILE = 16 * 1024;

  /**
   * Encodings of the small-order points (with the sign bit cleared). A trust root holding one would
   * accept signatures anyone can make, so such keys are refused.
   */
  private static final List<byte[]> SMALL_ORDER =
      Stream.of(
              "0000000000000000000000000000000000000000000000000000000000000000",
              "0100000000000000000000000000000000000000000000000000000000000000",
              "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
              "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
              "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
              "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
              "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
          .map(HexFormat.of()::parseHex)
          .toList();

  private Ed25519Keys() {}

  /**
   * Generates a new key pair.
   *
   * @return an Ed25519 key pair
   */
  public static KeyPair generate() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no Ed25519", e);
    }
  }

  /**
   * Signs {@code message}.
   *
   * @param key an Ed25519 private key
   * @param message the bytes to sign
   * @return the 64-byte signature
   * @throws IllegalArgumentException when {@code key} is not an Ed25519 key
   */
  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance("Ed25519");
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (java.security.InvalidKeyException e) {
      throw new IllegalArgumentException(
          "signing key should be an Ed25519 key, got " + key.getAlgorithm(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /**
   * The PKCS#8 PEM form ({@code -----BEGIN PRIVATE KEY-----}), as {@code openssl genpkey} writes.
   *
   * @param key the private key
   * @return PEM text
   */
  public static String toPem(PrivateKey key) {
    return pem("PRIVATE KEY", key.getEncoded());
  }

  /**
   * The SubjectPublicKeyInfo PEM form, as {@code openssl pkey -pubout} writes.
   *
   * @param key the public key
   * @return PEM text
   */
  public static String toPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  /**
   * The 32 raw bytes of a public key.
   *
   * @param key an Ed25519 public key
   * @return 32 bytes
   */
  public static byte[] raw(PublicKey key) {
    byte[] der = key.getEncoded();
    return Arrays.copyOfRange(der, der.length - 32, der.length);
  }

  /**
   * Reads a PKCS#8 PEM private key, such as one made by {@code airlock keygen} or {@code openssl
   * genpkey -algorithm ed25519}.
   *
   * @param file the key file
   * @return the private key
   * @throws TrustException when the file is not an Ed25519 private key in PKCS#8 PEM
   * @throws java.io.IOException when the file cannot be read
   */
  public static PrivateKey readPrivateKey(Path file) throws TrustException, java.io.IOException {
    String text = readSmall(file);
    byte[] der = pemBody(text, "PRIVATE KEY", file);
    try {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw badKey(file, "is not an Ed25519 private key in PKCS#8 form (" + e.getMessage() + ")");
    }
  }

  /**
   * Reads a public key: SubjectPublicKeyInfo PEM, or base64 of the 32 raw bytes. Small-order keys
   * are refused.
   *
   * @param file the key file
   * @return the public key
   * @throws TrustException naming the file and what is wrong with it
   * @throws java.io.IOException when the file cannot be read
   */
  public static PublicKey readPublicKey(Path file) throws TrustException, java.io.IOException {
    String text = readSmall(file).strip();
    byte[] raw;
    if (text.startsWith("-----BEGIN")) {
      byte[] der = pemBody(text, "PUBLIC KEY", file);
      if (der.length != SPKI_PREFIX.length + 32
          || !Arrays.equals(der, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
        throw badKey(file, "is not an Ed25519 public key (PEM holds another algorithm or form)");
      }
      raw = Arrays.copyOfRange(der, SPKI_PREFIX.length, der.length);
    } else {
      try {
        raw = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw badKey(file, "is neither PEM nor base64 (" + e.getMessage() + ")");
      }
      if (raw.length != 32) {
        throw new TrustException(
            Reason.BAD_KEY,
            file.getFileName() + " should be 32 bytes (raw Ed25519 pubkey), got " + raw.length,
            "32",
            String.valueOf(raw.length),
            null);
      }
    }
    if (isSmallOrder(raw)) {
      throw new TrustException(
          Reason.WEAK_KEY,
          file.getFileName()
              + " is a small-order Ed25519 point that would accept forged signatures; refusing it");
    }
    return fromRaw(raw);
  }

  /**
   * Makes a public key from its 32 raw bytes.
   *
   * @param raw 32 bytes
   * @return the public key
   * @throws IllegalArgumentException when {@code raw} is not 32 bytes
   */
  public static PublicKey fromRaw(byte[] raw) {
    if (raw.length != 32) {
      throw new IllegalArgumentException("raw Ed25519 key should be 32 bytes, got " + raw.length);
    }
    byte[] der = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + 32);
    System.arraycopy(raw, 0, der, SPKI_PREFIX.length, 32);
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /**
   * Writes a key pair: the private key as PKCS#8 PEM readable only by its owner (mode 0600), the
   * public key as SubjectPublicKeyInfo PEM. Both are written atomically; existing files are never
   * replaced.
   *
   * @param pair the key pair
   * @param privateKeyFile where the private key goes, e.g. {@code name.key}
   * @param publicKeyFile where the public key goes, e.g. {@code name.pub}
   * @throws java.nio.file.FileAlreadyExistsException when either file exists
   * @throws java.io.IOException when writing fails
   */
  public static void writePair(KeyPair pair, Path privateKeyFile, Path publicKeyFile)
      throws java.io.IOException {
    for (Path p : List.of(privateKeyFile, publicKeyFile)) {
      if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        throw new java.nio.file.FileAlreadyExistsException(
            p.toString(), null, "refusing to overwrite an existing key file");
      }
    }
    AtomicFiles.write(
        privateKeyFile,
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
        out -> out.write(toPem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII)));
    AtomicFiles.write(publicKeyFile, toPem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII));
  }

  static boolean isSmallOrder(byte[] raw) {
    byte[] cleared = raw.clone();
    cleared[31] &= 0x7f;
    for (byte[] point : SMALL_ORDER) {
      if (Arrays.equals(point, cleared)) {
        return true;
      }
    }
    return false;
  }

  private static String readSmall(Path file) throws TrustException, java.io.IOException {
    if (Files.size(file) > MAX_KEY_FILE) {
      throw badKey(file, "is " + Files.size(file) + " bytes; key files are under " + MAX_KEY_FILE);
    }
    return Files.readString(file, StandardCharsets.US_ASCII);
  }

  private static byte[] pemBody(String text, String type, Path file) throws TrustException {
    String begin = "-----BEGIN " + type + "-----";
    String end = "-----END " + type + "-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      throw badKey(file, "should be PEM with a '" + begin + "' block");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    } catch (IllegalArgumentException ex) {
      throw badKey(file, "has a PEM body that is not base64");
    }
  }

  private static TrustException badKey(Path file, String what) {
    return new TrustException(Reason.BAD_KEY, "key file " + file.getFileName() + " " + what);
  }

  private static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
