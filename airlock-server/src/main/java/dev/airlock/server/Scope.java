package dev.airlock.server;

import java.util.Locale;

/** What a token may do. {@code admin} includes the others. */
enum Scope {
  /** Read plugins, logs, events, metrics. */
  READ,
  /** Call hooks and run contract tests. */
  INVOKE,
  /** Install, update, delete, enable, disable, configure; manage tokens. */
  ADMIN;

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Scope parse(String text) {
    for (Scope s : values()) {
      if (s.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown scope '" + text + "': expected read, invoke or admin");
  }
}
