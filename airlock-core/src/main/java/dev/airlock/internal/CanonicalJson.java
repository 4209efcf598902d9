package dev.airlock.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes JSON in one canonical form: object keys sorted by UTF-16 code units, no whitespace,
 * integers only, strings with the minimal escapes (RFC 8785 style). The same value always gives the
 * same bytes, which is what makes packed artefacts reproducible.
 *
 * <p>Values are {@link Map} with {@link String} keys, {@link List}, {@link String}, {@link Long},
 * {@link Integer}, {@link Boolean} and {@code null}.
 */
public final class CanonicalJson {
  private CanonicalJson() {}

  /**
   * Serializes {@code value} canonically as UTF-8.
   *
   * @param value the value tree
   * @return canonical UTF-8 bytes
   * @throws IllegalArgumentException when the tree holds an unsupported type
   */
  public static byte[] write(Object value) {
    StringBuilder out = new StringBuilder(256);
    append(out, value);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void append(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case String s -> appendString(out, s);
      case Boolean b -> out.append(b);
      case Long l -> out.append(l);
      case Integer i -> out.append(i);
      case Map<?, ?> map -> appendObject(out, map);
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          append(out, list.get(i));
        }
        out.append(']');
      }
      default ->
          throw new IllegalArgumentException(
              "canonical JSON cannot hold a " + value.getClass().getName());
    }
  }

  private static void appendObject(StringBuilder out, Map<?, ?> map) {
    TreeMap<String, Object> sorted = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new IllegalArgumentException("canonical JSON object keys must be strings");
      }
      sorted.put(key, e.getValue());
    }
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, Object> e : sorted.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      appendString(out, e.getKey());
      out.append(':');
      append(out, e.getValue());
    }
    out.append('}');
  }

  private static void appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
