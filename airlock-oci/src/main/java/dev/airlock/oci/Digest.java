package dev.airlock.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A content digest, {@code sha256:<64 hex>} (or {@code sha512:<128 hex>}), as the OCI distribution
 * API uses them.
 *
 * @param algorithm {@code sha256} or {@code sha512}
 * @param hex the lowercase hex encoding
 */
public record Digest(String algorithm, String hex) {
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

  /** Validates the algorithm and the hex. */
  public Digest {
    boolean ok =
        ("sha256".equals(algorithm) && hex != null && SHA256.matcher(hex).matches())
            || ("sha512".equals(algorithm) && hex != null && SHA512.matcher(hex).matches());
    if (!ok) {
      throw new IllegalArgumentException(
          "digest should be sha256:<64 lowercase hex> or sha512:<128 lowercase hex>, got "
              + algorithm
              + ":"
              + hex);
    }
  }

  /**
   * Parses {@code sha256:<hex>}.
   *
   * @param text the digest
   * @return the digest
   * @throws IllegalArgumentException when it is not a valid digest
   */
  public static Digest parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("digest should not be null");
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "digest should be sha256:<64 lowercase hex>, got '" + shown(text) + "'");
    }
    return new Digest(text.substring(0, colon), text.substring(colon + 1));
  }

  /**
   * The sha256 digest of some bytes.
   *
   * @param bytes the bytes
   * @return their digest
   */
  public static Digest sha256(byte[] bytes) {
    return new Digest("sha256", HexFormat.of().formatHex(sha256().digest(bytes)));
  }

  /**
   * A fresh SHA-256 message digest.
   *
   * @return the digest engine
   */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  /**
   * A fresh message digest engine for this digest's algorithm.
   *
   * @return the engine
   */
  public MessageDigest newEngine() {
    try {
      return MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT).replace("SHA", "SHA-"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has " + algorithm, e);
    }
  }

  /**
   * Whether {@code engine}'s result equals this digest.
   *
   * @param digestBytes a finished digest
   * @return true when equal
   */
  public boolean matches(byte[] digestBytes) {
    return hex.equals(HexFormat.of().formatHex(digestBytes));
  }

  /** {@code algorithm:hex}. */
  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }

  static String shown(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
