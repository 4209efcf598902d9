package dev.airlock.runtime;

import java.util.Objects;

/**
 * One line a plugin logged, through its ABI's log function or its stdout/stderr. The message is
 * sanitized: control characters are escaped, so it is safe to print on a terminal.
 *
 * @param level the level
 * @param message the sanitized message
 */
public record LogLine(Level level, String message) {
  /** Log levels, lowest first. */
  public enum Level {
    /** Very detailed tracing. */
    TRACE,
    /** Debugging detail. */
    DEBUG,
    /** Normal operation; also what a plugin writes to stdout. */
    INFO,
    /** Something looks wrong. */
    WARN,
    /** Something failed; also what a plugin writes to stderr. */
    ERROR
  }

  /** Checks for nulls. */
  public LogLine {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return level + " " + message;
  }
}
