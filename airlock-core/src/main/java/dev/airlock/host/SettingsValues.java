package dev.airlock.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.Units;
import dev.airlock.host.SettingsCatalog.Def;
import dev.airlock.internal.Text;
import dev.airlock.runtime.Isolation;
import dev.airlock.runtime.LogLine;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one setting's raw value (text from a flag or variable, a node from the file) into its typed
 * value; {@link SettingsText} writes typed values back as text. Typed values: Boolean, Path,
 * Optional&lt;Path&gt;, Long (sizes, counts), Duration, Set&lt;String&gt; (sources),
 * List&lt;String&gt; (names), Isolation, LogLine.Level, Optional&lt;Boolean&gt; (a derived
 * boolean).
 */
final class SettingsValues {
  private SettingsValues() {}

  /** The value of a flag, or of a variable that uses the text form. */
  static Object fromText(Def d, String text, SettingsOrigin o) throws SettingsException {
    String t = text.strip();
    String found = Text.quote(text);
    return switch (d.type()) {
      case BOOLEAN -> bool(d, t, o, found);
      case DERIVED_BOOLEAN -> Optional.of(bool(d, t, o, found));
      case PATH -> path(d, t, o, found, null);
      case OPTIONAL_PATH -> Optional.of(path(d, t, o, found, null));
      case MEMORY, INT_SIZE, LONG_SIZE -> size(d, t, o, found);
      case DURATION, DELAY -> duration(d, t, o, found);
      case COUNT -> count(d, t, o, found);
      case SOURCES -> sources(d, List.of(t.split(",", -1)), o, found);
      case NAMES -> names(d, List.of(t.split(",", -1)), o, found);
      case ISOLATION -> isolation(d, t, o, found);
      case LEVEL -> level(d, t, o, found);
    };
  }

  /** The value of an environment variable. */
  static Object fromEnv(Def d, String text, SettingsOrigin o) throws SettingsException {
    return switch (d.envUnit()) {
      case TEXT -> fromText(d, text, o);
      case MIB -> {
        long mib =
            whole(
                d,
                text,
                o,
                1,
                SettingsText.MAX_MEMORY >> 20,
                "a whole number of MiB from 1 to 4096");
        yield mib << 20;
      }
      case MILLIS ->
          Duration.ofMillis(
              whole(
                  d,
                  text,
                  o,
                  1,
                  Long.MAX_VALUE / 1_000_000,
                  "a whole number of milliseconds, at least 1"));
    };
  }

  /** The value of a file key; relative paths are resolved against {@code base}. */
  static Object fromFile(Def d, JsonNode n, SettingsOrigin o, Path base) throws SettingsException {
    String found = SettingsText.shown(n);
    boolean text = n.isTextual();
    String t = text ? n.textValue().strip() : "";
    return switch (d.type()) {
      case BOOLEAN, DERIVED_BOOLEAN -> {
        if (!n.isBoolean()) {
          throw SettingsText.bad(o, d.key(), SettingsText.expected(d), found);
        }
        yield d.type() == SettingsCatalog.Type.BOOLEAN
            ? n.booleanValue()
            : Optional.of(n.booleanValue());
      }
      case PATH, OPTIONAL_PATH -> {
        Path p = text ? path(d, t, o, found, base) : fail(o, d, found);
        yield d.type() == SettingsCatalog.Type.PATH ? p : Optional.of(p);
      }
      case MEMORY, INT_SIZE, LONG_SIZE ->
          text
              ? size(d, t, o, found)
              : n.isIntegralNumber() ? size(d, n.asText(), o, found) : fail(o, d, found);
      case DURATION, DELAY -> text ? duration(d, t, o, found) : fail(o, d, found);
      case COUNT -> n.isIntegralNumber() ? count(d, n.asText(), o, found) : fail(o, d, found);
      case SOURCES -> sources(d, strings(d, n, o, found), o, found);
      case NAMES -> names(d, strings(d, n, o, found), o, found);
      case ISOLATION -> text ? isolation(d, t, o, found) : fail(o, d, found);
      case LEVEL -> text ? level(d, t, o, found) : fail(o, d, found);
    };
  }

  private static <T> T fail(SettingsOrigin o, Def d, String found) throws SettingsException {
    throw SettingsText.bad(o, d.key(), SettingsText.expected(d), found);
  }

  private static boolean bool(Def d, String t, SettingsOrigin o, String found)
      throws SettingsException {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default ->
          throw SettingsText.bad(o, d.key(), "true or false (or 1/0, yes/no, on/off)", found);
    };
  }

  private static Path path(Def d, String t, SettingsOrigin o, String found, Path base)
      throws SettingsException {
    try {
      if (!t.isEmpty()) {
        Path p = Path.of(t);
        return base == null ? p : base.resolve(p).normalize();
      }
    } catch (InvalidPathException e) {
      // falls through to the error below
    }
    throw SettingsText.bad(o, d.key(), SettingsText.expected(d), found);
  }

  private static long size(Def d, String t, SettingsOrigin o, String found)
      throws SettingsException {
    long bytes;
    try {
      bytes = Units.parseSize(t);
    } catch (IllegalArgumentException e) {
      throw SettingsText.bad(o, d.key(), SettingsText.expected(d), found);
    }
    long max =
        switch (d.type()) {
          case MEMORY -> SettingsText.MAX_MEMORY;
          case INT_SIZE -> Integer.MAX_VALUE;
          default -> Long.MAX_VALUE;
        };
    long min = d.type() == SettingsCatalog.Type.MEMORY ? SettingsText.PAGE : 1;
    if (bytes < min || bytes > max) {
      throw SettingsText.bad(o, d.key(), SettingsText.expected(d), found);
    }
    return bytes;
  }

  private static Duration duration(Def d, String t, SettingsOrigin o, String found)
      throws SettingsException {
    Duration du;
    try {
      du = Units.parseDuration(t);
    } catch (IllegalArgumentException e) {
      throw SettingsText.bad(o, d.key(), SettingsText.expected(d), found);
    }
    if (du.isZero() && d.type() == SettingsCatalog.Type.DURATION) {
      throw SettingsText.bad(o, d.key(), SettingsText.expected(d), found);
    }
    return du;
  }

  private static long count(Def d, String t, SettingsOrigin o, String found)
      throws SettingsException {
    return whole(d, t, o, 1, Integer.MAX_VALUE, SettingsText.expected(d), found);
  }

  private static long whole(Def d, String t, SettingsOrigin o, long min, long max, String exp)
      throws SettingsException {
    return whole(d, t.strip(), o, min, max, exp, Text.quote(t));
  }

  private static long whole(
      Def d, String t, SettingsOrigin o, long min, long max, String exp, String found)
      throws SettingsException {
    try {
      long n = Long.parseLong(t);
      if (n >= min && n <= max && t.matches("\\d+")) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw SettingsText.bad(o, d.key(), exp, found);
  }

  private static List<String> strings(Def d, JsonNode n, SettingsOrigin o, String found)
      throws SettingsException {
    if (!n.isArray()) {
      throw SettingsText.bad(o, d.key(), SettingsText.expected(d), found);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw SettingsText.bad(o, d.key(), SettingsText.expected(d), found);
      }
      out.add(e.textValue());
    }
    return out;
  }

  private static Set<String> sources(Def d, List<String> items, SettingsOrigin o, String found)
      throws SettingsException {
    Set<String> out = new LinkedHashSet<>();
    for (String item : items) {
      String s = item.strip().toLowerCase(Locale.ROOT);
      if (!SettingsText.SOURCES.contains(s)) {
        throw new SettingsException(
            SettingsText.label(o)
                + ": "
                + Text.quote(item.strip())
                + " is not a plugin source; expected "
                + SettingsText.expected(d)
                + ", got "
                + found,
            o,
            d.key(),
            SettingsText.expected(d),
            found);
      }
      out.add(s);
    }
    return out;
  }

  private static List<String> names(Def d, List<String> items, SettingsOrigin o, String found)
      throws SettingsException {
    List<String> out = new ArrayList<>();
    for (String item : items) {
      String s = item.strip();
      if (s.isEmpty() || out.contains(s)) {
        throw SettingsText.bad(o, d.key(), "a list of distinct, non-empty plugin names", found);
      }
      out.add(s);
    }
    return out;
  }

  private static Isolation isolation(Def d, String t, SettingsOrigin o, String found)
      throws SettingsException {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "fresh" -> Isolation.FRESH;
      case "pooled" -> Isolation.POOLED;
      default -> throw SettingsText.bad(o, d.key(), SettingsText.expected(d), found);
    };
  }

  private static LogLine.Level level(Def d, String t, SettingsOrigin o, String found)
      throws SettingsException {
    for (LogLine.Level l : LogLine.Level.values()) {
      if (l.name().equalsIgnoreCase(t)) {
        return l;
      }
    }
    throw SettingsText.bad(o, d.key(), SettingsText.expected(d), found);
  }
}
