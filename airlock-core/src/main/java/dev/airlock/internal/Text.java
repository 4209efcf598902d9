package dev.airlock.internal;

/** Renders untrusted text (entry names, manifest values) safely inside error messages. */
public final class Text {
  private static final int MAX_SHOWN = 80;

  private Text() {}

  /**
   * Quotes {@code s} for an error message: control and non-ASCII characters escaped, long values
   * cut with an ellipsis.
   *
   * @param s untrusted text
   * @return a printable, bounded rendering
   */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder("'");
    int shown = Math.min(s.length(), MAX_SHOWN);
    for (int i = 0; i < shown; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    if (s.length() > MAX_SHOWN) {
      out.append("…(").append(s.length()).append(" chars)");
    }
    return out.append('\'').toString();
  }
}
