package dev.airlock.contract;

import java.util.List;

/**
 * A plugin failed a hook whose failure mode is {@link FailureMode#FAIL_CLOSED} and whose result has
 * no safe "deny" value ({@code extract}, {@code process}, {@code generate_index}, {@code
 * format_key}): the caller must not go on as if the hook had run, e.g. must not store an artifact
 * its post-processor could not process.
 */
public class HookFailedException extends ContractException {
  private static final long serialVersionUID = 1L;

  private final transient HookFailure failure;
  private final transient List<HookFailure> failures;

  /**
   * Creates an exception.
   *
   * @param failure the failure that decided
   * @param failures every failure of the dispatch, in order, the deciding one last
   */
  public HookFailedException(HookFailure failure, List<HookFailure> failures) {
    super(failure.message(), null, null);
    this.failure = failure;
    this.failures = List.copyOf(failures);
  }

  /**
   * The failure that stopped the dispatch.
   *
   * @return the failure, applied closed
   */
  public HookFailure failure() {
    return failure;
  }

  /**
   * Every failure of the dispatch, those skipped under {@link FailureMode#FAIL_OPEN} first.
   *
   * @return the failures, the deciding one last
   */
  public List<HookFailure> failures() {
    return failures;
  }
}
