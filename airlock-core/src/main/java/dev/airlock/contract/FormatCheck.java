package dev.airlock.contract;

import java.util.Objects;

/**
 * What a format handler's {@code validate} answered. Wire form: no output (valid) or {@code
 * {"error":"…"}}.
 *
 * @param valid whether the artifact is well-formed for its format
 * @param message why not; empty when valid
 */
public record FormatCheck(boolean valid, String message) {
  /** A valid artifact. */
  public static final FormatCheck VALID = new FormatCheck(true, "");

  /** Checks the message matches the verdict. */
  public FormatCheck {
    Objects.requireNonNull(message, "message");
    if (valid != message.isEmpty()) {
      throw new IllegalArgumentException(
          valid ? "a valid check has no message" : "an invalid check needs a message");
    }
  }

  /**
   * An invalid artifact.
   *
   * @param message why
   * @return the check
   */
  public static FormatCheck invalid(String message) {
    return new FormatCheck(false, message.isEmpty() ? "invalid" : message);
  }
}
