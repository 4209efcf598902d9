package dev.airlock.signature;

import dev.airlock.AirlockException;

/** An OCI signature, key, policy or signature listing is unusable, or verification failed. */
public class SignatureException extends AirlockException {
  private static final long serialVersionUID = 1L;

  /** What failed; stable for programs, unlike the message. */
  public enum Reason {
    /** A key file or PEM text cannot be used. */
    BAD_KEY,
    /** A policy file or settings table is malformed or unsafe. */
    BAD_POLICY,
    /** A signature payload, layer or bundle is malformed. */
    MALFORMED,
    /** A signature does not verify or is not about this manifest. */
    INVALID,
    /** No signature satisfies the policy. */
    NOT_TRUSTED,
    /** More signatures, bytes or pages than the limits allow. */
    LIMIT,
    /** Keyless verification was asked for but no keyless verifier is installed. */
    NO_KEYLESS
  }

  private final Reason reason;

  /**
   * Creates an exception.
   *
   * @param reason what failed
   * @param message a message a person can act on
   */
  public SignatureException(Reason reason, String message) {
    this(reason, message, null, null, null);
  }

  /**
   * Creates an exception with an expected/actual pair and a cause.
   *
   * @param reason what failed
   * @param message a message a person can act on
   * @param expected the expected value, or {@code null}
   * @param actual the value found, or {@code null}
   * @param cause the cause, or {@code null}
   */
  public SignatureException(
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
