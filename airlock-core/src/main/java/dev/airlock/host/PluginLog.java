package dev.airlock.host;

import dev.airlock.runtime.LogLine;
import java.time.Instant;
import java.util.Objects;

/**
 * A line a plugin logged during a call, as a host keeps it.
 *
 * @param time when the call ended
 * @param hook the hook that was called
 * @param line the level and sanitized message
 */
public record PluginLog(Instant time, String hook, LogLine line) {
  /** Checks for nulls. */
  public PluginLog {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(hook, "hook");
    Objects.requireNonNull(line, "line");
  }
}
