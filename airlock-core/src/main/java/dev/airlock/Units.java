package dev.airlock;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and formats the durations ({@code 200ms}, {@code 3s}, {@code 2m}) and sizes ({@code
 * 64KiB}, {@code 4MiB}, {@code 1GiB}, plain bytes) used the same way everywhere in the CLI and the
 * configuration.
 */
public final class Units {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
  private static final Pattern SIZE = Pattern.compile("(\\d{1,15})(B|KiB|MiB|GiB)?");

  private Units() {}

  /**
   * Parses a duration such as {@code 250ms}, {@code 3s}, {@code 2m} or {@code 1h}.
   *
   * @param text the duration
   * @return the duration
   * @throws IllegalArgumentException naming the accepted forms when {@code text} is not one
   */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "duration should look like 200ms, 3s, 2m or 1h, got '%s'", text));
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /**
   * Parses a size such as {@code 4096}, {@code 64KiB}, {@code 4MiB} or {@code 1GiB}.
   *
   * @param text the size
   * @return bytes
   * @throws IllegalArgumentException naming the accepted forms when {@code text} is not one
   */
  public static long parseSize(String text) {
    Matcher m = SIZE.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "size should look like 4096, 64KiB, 4MiB or 1GiB, got '%s'", text));
    }
    long n = Long.parseLong(m.group(1));
    int shift =
        switch (m.group(2) == null ? "B" : m.group(2)) {
          case "KiB" -> 10;
          case "MiB" -> 20;
          case "GiB" -> 30;
          default -> 0;
        };
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("size " + text + " is too large");
    }
    return n << shift;
  }

  /**
   * Formats bytes in the largest binary unit that keeps one decimal place meaningful.
   *
   * @param bytes a size
   * @return e.g. {@code 5.0 MiB}, {@code 812 B}
   */
  public static String formatSize(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }
}
