package dev.airlock.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.host.SettingsCatalog.Def;
import dev.airlock.runtime.Isolation;
import dev.airlock.runtime.LogLine;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The text side of settings: typed values written back in the form a flag takes, what each setting
 * accepts, and how error messages name where a value came from.
 */
final class SettingsText {
  static final long PAGE = 65_536;
  static final long MAX_MEMORY = 65_536 * PAGE;
  static final List<String> SOURCES = List.of("file", "oci", "registry", "git", "url");
  private static final String DURATION_FORM = "a duration like 200ms, 3s, 2m or 1h";

  private SettingsText() {}

  /** The text form of a typed value, as a flag would take it; empty when unset. */
  static String format(Def d, Object v) {
    return switch (v) {
      case Optional<?> opt -> opt.map(x -> format(d, x)).orElse("");
      case Duration du -> duration(du);
      case Long n when d.type() == SettingsCatalog.Type.COUNT -> n.toString();
      case Long n when d.type() == SettingsCatalog.Type.MEMORY -> size(pages(n) * PAGE);
      case Long n -> size(n);
      case Set<?> set -> String.join(",", SOURCES.stream().filter(set::contains).toList());
      case List<?> list -> String.join(",", list.stream().map(String::valueOf).toList());
      case Isolation i -> i.name().toLowerCase(Locale.ROOT);
      case LogLine.Level l -> l.name().toLowerCase(Locale.ROOT);
      default -> String.valueOf(v);
    };
  }

  static int pages(long bytes) {
    return (int) ((bytes + PAGE - 1) / PAGE);
  }

  static String size(long bytes) {
    for (String unit : List.of("GiB", "MiB", "KiB")) {
      int shift = unit.equals("GiB") ? 30 : unit.equals("MiB") ? 20 : 10;
      if (bytes != 0 && bytes % (1L << shift) == 0) {
        return (bytes >> shift) + unit;
      }
    }
    return Long.toString(bytes);
  }

  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms != 0 && ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms != 0 && ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }

  /** What a setting accepts, for messages and help. */
  static String expected(Def d) {
    return switch (d.type()) {
      case BOOLEAN, DERIVED_BOOLEAN -> "true or false";
      case PATH, OPTIONAL_PATH -> "a path";
      case MEMORY -> "a size like 16MiB, from 64KiB to 4GiB";
      case INT_SIZE -> "a size like 64KiB, from 1 byte to 2147483647 bytes";
      case LONG_SIZE -> "a size like 4MiB, at least 1 byte";
      case DURATION -> DURATION_FORM + ", above zero";
      case DELAY -> DURATION_FORM;
      case COUNT -> "a whole number from 1 to 2147483647";
      case SOURCES -> "a list of file, oci, registry, git, url";
      case NAMES -> "a list of plugin names";
      case ISOLATION -> "fresh or pooled";
      case LEVEL -> "one of trace, debug, info, warn, error";
    };
  }

  static SettingsException bad(SettingsOrigin o, String key, String expected, String found) {
    return new SettingsException(
        label(o) + ": expected " + expected + ", got " + found, o, key, expected, found);
  }

  /** How a message starts: {@code flag --x}, {@code env X}, {@code airlock.toml: plugins.x}. */
  static String label(SettingsOrigin o) {
    if (o.kind() != SettingsOrigin.Kind.FILE) {
      return o.toString();
    }
    int colon = o.where().lastIndexOf(':');
    return o.where().substring(0, colon) + ": " + o.where().substring(colon + 1);
  }

  /** A file value as it reads in a message: JSON form, bounded. */
  static String shown(JsonNode n) {
    String s = n.toString();
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
