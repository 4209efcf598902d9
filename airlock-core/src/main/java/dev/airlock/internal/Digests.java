package dev.airlock.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. */
public final class Digests {
  private static final HexFormat HEX = HexFormat.of();

  private Digests() {}

  /**
   * Creates a SHA-256 digest; every JDK has one.
   *
   * @return a fresh SHA-256 {@link MessageDigest}
   */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  /**
   * SHA-256 of {@code bytes} as lowercase hex.
   *
   * @param bytes the input
   * @return 64 lowercase hex characters
   */
  public static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(sha256().digest(bytes));
  }

  /**
   * Lowercase hex of a finished digest.
   *
   * @param digest digest bytes
   * @return lowercase hex
   */
  public static String hex(byte[] digest) {
    return HEX.formatHex(digest);
  }
}
