package dev.airlock.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a successful hook call produced: the hook's output (empty for "no output" / continue), what
 * the plugin logged during the call (capped and sanitized), and how long the call took,
 * instantiation included.
 *
 * <p>A class rather than a record so that the runtime can hand over the output buffer it already
 * owns without a defensive copy: a call's output is copied once, out of the plugin's memory.
 */
public final class CallResult {
  private final byte[] output;
  private final List<LogLine> logs;
  private final Duration duration;

  /**
   * A result; copies the output and the list.
   *
   * @param output the hook's output
   * @param logs the call's log lines
   * @param duration how long the call took
   */
  public CallResult(byte[] output, List<LogLine> logs, Duration duration) {
    this(List.copyOf(logs), Objects.requireNonNull(output, "output").clone(), duration);
  }

  private CallResult(List<LogLine> logs, byte[] owned, Duration duration) {
    this.output = owned;
    this.logs = logs;
    this.duration = Objects.requireNonNull(duration, "duration");
  }

  /** A result that takes ownership of {@code owned}, which nobody else may keep. */
  static CallResult owning(byte[] owned, List<LogLine> logs, Duration duration) {
    return new CallResult(List.copyOf(logs), owned, duration);
  }

  /**
   * The output. The array belongs to this result, and the result to the caller that got it: it is
   * not copied on the way out, and the runtime keeps no reference to it.
   *
   * @return the output bytes
   */
  public byte[] output() {
    return output;
  }

  /**
   * @return the output's length in bytes, without copying it
   */
  public int outputLength() {
    return output.length;
  }

  /**
   * @return the log lines, oldest first
   */
  public List<LogLine> logs() {
    return logs;
  }

  /**
   * @return how long the call took
   */
  public Duration duration() {
    return duration;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallResult r
        && Arrays.equals(output, r.output)
        && logs.equals(r.logs)
        && duration.equals(r.duration);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(output) * 31 + logs.hashCode();
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
