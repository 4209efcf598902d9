package dev.airlock.contract;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a query went, for {@code post_query}: sent to plugins as the {@code "outcome"} object.
 *
 * @param success whether the database answered without error
 * @param targetNode the node the query ran on, if known
 * @param elapsed how long the database took
 * @param error the database's error message, when it failed
 */
public record QueryOutcome(
    boolean success, Optional<String> targetNode, Duration elapsed, Optional<String> error) {

  /** Checks the fields. */
  public QueryOutcome {
    Objects.requireNonNull(targetNode, "targetNode");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(error, "error");
    if (elapsed.isNegative()) {
      throw new IllegalArgumentException("elapsed must not be negative, got " + elapsed);
    }
  }

  /**
   * A success on an unnamed node.
   *
   * @param elapsed how long the database took
   * @return the outcome
   */
  public static QueryOutcome success(Duration elapsed) {
    return new QueryOutcome(true, Optional.empty(), elapsed, Optional.empty());
  }
}
