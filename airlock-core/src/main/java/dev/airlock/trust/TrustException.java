package dev.airlock.trust;

import dev.airlock.AirlockException;

/** A signature or key failed a trust check, or a trust root is unusable. */
public class TrustException extends AirlockException {
  private static final long serialVersionUID = 1L;

  /** What kind of trust check failed; stable for programs, unlike the message. */
  public enum Reason {
    /** The trust root directory is missing or holds no keys. */
    NO_KEYS,
    /** A key file cannot be read as an Ed25519 key. */
    BAD_KEY,
    /** A key is a small-order point that would accept forged signatures. */
    WEAK_KEY,
    /** The signature is not 64 bytes. */
    SIGNATURE_LENGTH,
    /** No trusted key verifies the signature. */
    NO_MATCH,
    /** The artefact is unsigned but a signature is required. */
    UNSIGNED
  }

  private final Reason reason;

  /**
   * Creates an exception.
   *
   * @param reason what failed
   * @param message a message a person can act on
   */
  public TrustException(Reason reason, String message) {
    this(reason, message, null, null, null);
  }

  /**
   * Creates an exception with an expected/actual pair.
   *
   * @param reason what failed
   * @param message a message a person can act on
   * @param expected the expected value, or {@code null}
   * @param actual the value found, or {@code null}
   * @param cause the cause, or {@code null}
   */
  public TrustException(
      Reason reason, String message, String expected, String actual, Throwable cause) {
    super(message, expected, actual, cause);
    this.reason = reason;
  }

  /**
   * What failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
