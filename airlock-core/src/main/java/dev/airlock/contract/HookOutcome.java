package dev.airlock.contract;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one dispatch of a hook to the enabled plugins produced.
 *
 * @param <T> the hook's typed result
 * @param value the combined result
 * @param decidedBy the plugin whose answer (or failure, under {@link FailureMode#FAIL_CLOSED})
 *     decided the result; empty when no plugin did and the result is the hook's neutral value
 * @param called the plugins called, in dispatch order
 * @param failures every failed call, in dispatch order, each with the mode applied: skipped under
 *     {@link FailureMode#FAIL_OPEN}, or deciding under {@link FailureMode#FAIL_CLOSED}
 */
public record HookOutcome<T>(
    T value, Optional<String> decidedBy, List<String> called, List<HookFailure> failures) {

  /** Checks the fields and copies the lists. */
  public HookOutcome {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(decidedBy, "decidedBy");
    called = List.copyOf(called);
    failures = List.copyOf(failures);
  }

  /**
   * Whether a failure shaped the result: some plugin failed under {@link FailureMode#FAIL_CLOSED}.
   *
   * @return true when any failure was applied closed
   */
  public boolean failedClosed() {
    return failures.stream().anyMatch(f -> f.mode() == FailureMode.FAIL_CLOSED);
  }
}
