package dev.airlock.contract;

import dev.airlock.AirlockException;

/**
 * A hook dispatch could not produce a result: a plugin failed under {@link FailureMode#FAIL_CLOSED}
 * in a hook that has no "deny" answer ({@link HookFailedException}), or plugins broke a contract
 * rule between them ({@link FormatKeyConflictException}).
 */
public class ContractException extends AirlockException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong, for a person to act on
   * @param expected the expected value, or {@code null}
   * @param actual the value found, or {@code null}
   */
  public ContractException(String message, String expected, String actual) {
    super(message, expected, actual, null);
  }
}
