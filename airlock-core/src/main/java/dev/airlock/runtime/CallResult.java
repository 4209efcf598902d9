package dev.airlock.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a successful hook call produced.
 *
 * @param output the hook's output (empty for "no output" / continue)
 * @param logs what the plugin logged during the call, capped and sanitized
 * @param duration how long the call took, instantiation included
 */
public record CallResult(byte[] output, List<LogLine> logs, Duration duration) {
  /** Copies the output and the list. */
  public CallResult {
    output = Objects.requireNonNull(output, "output").clone();
    logs = List.copyOf(logs);
    Objects.requireNonNull(duration, "duration");
  }

  /**
   * The output.
   *
   * @return a copy of the output bytes
   */
  @Override
  public byte[] output() {
    return output.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallResult r
        && java.util.Arrays.equals(output, r.output)
        && logs.equals(r.logs)
        && duration.equals(r.duration);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(output) * 31 + logs.hashCode();
  }

  @Override
  public String toString() {
    return "CallResult[output="
        + output.length
        + " bytes, logs="
        + logs.size()
        + ", duration="
        + duration
        + "]";
  }
}
