package dev.airlock;

import java.util.Optional;

/**
 * Root of every checked exception Airlock throws for an external failure a caller must handle (bad
 * artefacts, failed verification, I/O).
 *
 * <p>Messages say what was tried, what was expected and what was found. The same facts are also
 * available as structured fields, so a CLI or REST layer can render them without parsing text.
 */
public class AirlockException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String expected;
  private final String actual;

  /**
   * Creates an exception with a message and no expected/actual pair.
   *
   * @param message what went wrong, for a person to act on
   */
  public AirlockException(String message) {
    this(message, null, null, null);
  }

  /**
   * Creates an exception.
   *
   * @param message what went wrong, for a person to act on
   * @param expected the expected value, or {@code null}
   * @param actual the value found, or {@code null}
   * @param cause the underlying cause, or {@code null}
   */
  public AirlockException(String message, String expected, String actual, Throwable cause) {
    super(message, cause);
    this.expected = expected;
    this.actual = actual;
  }

  /**
   * The value that was expected, when the failure is a mismatch.
   *
   * @return the expected value, if any
   */
  public Optional<String> expected() {
    return Optional.ofNullable(expected);
  }

  /**
   * The value that was found, when the failure is a mismatch.
   *
   * @return the actual value, if any
   */
  public Optional<String> actual() {
    return Optional.ofNullable(actual);
  }
}
