package dev.airlock.oci.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code WWW-Authenticate} challenge: a scheme and its parameters (names lower-cased).
 *
 * @param scheme the scheme, lower case ({@code bearer}, {@code basic})
 * @param params the parameters ({@code realm}, {@code service}, {@code scope}, …)
 */
public record Challenge(String scheme, Map<String, String> params) {
  /** Copies. */
  public Challenge {
    scheme = scheme.toLowerCase(Locale.ROOT);
    params = Map.copyOf(params);
  }

  /**
   * A parameter.
   *
   * @param name the name, any case
   * @return its value
   */
  public Optional<String> param(String name) {
    return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * Parses every challenge in some {@code WWW-Authenticate} header values (RFC 9110: several
   * challenges may share one value, separated by commas; parameter values may be tokens or quoted
   * strings with backslash escapes). Malformed parts are skipped rather than guessed at.
   *
   * @param headers the header values
   * @return the challenges, in order
   */
  public static List<Challenge> parse(List<String> headers) {
    List<Challenge> out = new ArrayList<>();
    for (String h : headers) {
      parseOne(h == null ? "" : h, out);
    }
    return out;
  }

  private static void parseOne(String s, List<Challenge> out) {
    int[] pos = {0};
    String scheme = null;
    Map<String, String> params = new LinkedHashMap<>();
    while (true) {
      skip(s, pos, " \t,");
      if (pos[0] >= s.length()) {
        break;
      }
      String token = token(s, pos);
      if (token.isEmpty()) {
        pos[0]++; // a stray character: skip it
        continue;
      }
      skip(s, pos, " \t");
      if (pos[0] < s.length() && s.charAt(pos[0]) == '=' && scheme != null) {
        pos[0]++;
        skip(s, pos, " \t");
        String value =
            pos[0] < s.length() && s.charAt(pos[0]) == '"' ? quoted(s, pos) : token(s, pos);
        params.putIfAbsent(token.toLowerCase(Locale.ROOT), value);
      } else if (pos[0] < s.length() && s.charAt(pos[0]) == '=') {
        // token68 or param without a scheme: not a challenge we can use
        pos[0]++;
        token(s, pos);
      } else {
        if (scheme != null) {
          out.add(new Challenge(scheme, params));
        }
        scheme = token;
        params = new LinkedHashMap<>();
      }
    }
    if (scheme != null) {
      out.add(new Challenge(scheme, params));
    }
  }

  private static void skip(String s, int[] pos, String chars) {
    while (pos[0] < s.length() && chars.indexOf(s.charAt(pos[0])) >= 0) {
      pos[0]++;
    }
  }

  private static String token(String s, int[] pos) {
    int start = pos[0];
    while (pos[0] < s.length()) {
      char c = s.charAt(pos[0]);
      if (c <= ' ' || c == ',' || c == '=' || c == '"' || c >= 127) {
        break;
      }
      pos[0]++;
    }
    return s.substring(start, pos[0]);
  }

  private static String quoted(String s, int[] pos) {
    StringBuilder b = new StringBuilder();
    pos[0]++; // opening quote
    while (pos[0] < s.length()) {
      char c = s.charAt(pos[0]++);
      if (c == '\\' && pos[0] < s.length()) {
        b.append(s.charAt(pos[0]++));
      } else if (c == '"') {
        return b.toString();
      } else {
        b.append(c);
      }
    }
    return b.toString(); // unterminated: take what there is
  }
}
