package dev.airlock.catalog;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers: the digest and its text form (64 lowercase hex digits). */
final class Sha256 {
  private Sha256() {}

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  static String hex(MessageDigest d) {
    return HexFormat.of().formatHex(d.digest());
  }

  static boolean isHex(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** What is wrong with a sha256 field, for a message; empty when it is fine. */
  static String problem(String s) {
    if (isHex(s)) {
      return "";
    }
    if (s.isEmpty()) {
      return "is empty; expected 64 lowercase hex digits";
    }
    if (s.length() == 64 && isHex(s.toLowerCase(java.util.Locale.ROOT))) {
      return "has uppercase hex digits ('"
          + s
          + "'); expected 64 lowercase hex digits: write it in lowercase";
    }
    return "should be 64 lowercase hex digits, got '"
        + (s.length() > 80 ? s.substring(0, 80) + "…" : s)
        + "' ("
        + s.length()
        + " characters)";
  }
}
