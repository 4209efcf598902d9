package dev.airlock.server;

import java.util.regex.Pattern;

/** Checks ids from paths before they reach anything else. */
final class Ids {
  private static final Pattern PLUGIN = Pattern.compile("[a-z][a-z0-9_-]{0,127}");
  private static final Pattern HOOK = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,127}");
  private static final Pattern TOKEN = Pattern.compile("tok_[0-9a-f]{12}");

  private Ids() {}

  static String plugin(String id) {
    if (isPluginId(id)) {
      return id; // the hot path: no regex
    }
    return check(
        id,
        PLUGIN,
        "plugin id",
        "1-128 lowercase letters, digits, '-' or '_', starting" + " with a letter");
  }

  /** The same rule as {@link #PLUGIN}, by hand. */
  static boolean isPluginId(String id) {
    int n = id == null ? 0 : id.length();
    if (n == 0 || n > 128 || id.charAt(0) < 'a' || id.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = id.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  static String hook(String hook) {
    if (isHook(hook)) {
      return hook; // the hot path: no regex
    }
    return check(hook, HOOK, "hook", "1-128 letters, digits, '_', '.', ':' or '-'");
  }

  /** The same rule as {@link #HOOK}, by hand. */
  static boolean isHook(String hook) {
    int n = hook == null ? 0 : hook.length();
    if (n == 0 || n > 128 || !(letter(hook.charAt(0)) || hook.charAt(0) == '_')) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = hook.charAt(i);
      if (!(letter(c) || c >= '0' && c <= '9' || c == '_' || c == '.' || c == ':' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static boolean letter(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
  }

  static String token(String id) {
    return check(id, TOKEN, "token id", "'tok_' and 12 hex digits");
  }

  private static String check(String value, Pattern p, String what, String rule) {
    if (value == null || !p.matcher(value).matches()) {
      throw ApiException.badRequest(what + " " + show(value) + " is not valid: expected " + rule);
    }
    return value;
  }

  /** A value quoted for a message: control characters escaped, long ones cut. */
  static String show(String value) {
    if (value == null) {
      return "(none)";
    }
    StringBuilder b = new StringBuilder("'");
    int n = 0;
    for (char c : value.toCharArray()) {
      if (++n > 64) {
        b.append("…(").append(value.length()).append(" characters)");
        break;
      }
      b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b.append('\'').toString();
  }
}
