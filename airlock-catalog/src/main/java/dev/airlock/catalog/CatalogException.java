package dev.airlock.catalog;

import dev.airlock.AirlockException;
import java.util.Objects;

/** A catalog operation failed: a bad index, an unresolvable name, a fetch or an install refused. */
public class CatalogException extends AirlockException {
  private static final long serialVersionUID = 1L;

  /** Why, for callers that map failures to exit codes or HTTP statuses. */
  public enum Reason {
    /** The index (or its signature) breaks a format rule. */
    BAD_INDEX,
    /** No plugin of that name, or none at the requested version. */
    NOT_FOUND,
    /** The index signature is missing, malformed or made by no trusted key. */
    INDEX_NOT_TRUSTED,
    /** The signed index has expired (a mirror may be serving a frozen copy). */
    INDEX_EXPIRED,
    /** The signed index is older than one seen before. */
    INDEX_ROLLBACK,
    /** A downloaded artefact does not match its index entry (digest, size, name or version). */
    MISMATCH,
    /** The artefact's signature is missing or does not verify. */
    NOT_TRUSTED,
    /** The version is lower than the highest installed before. */
    DOWNGRADE,
    /** A fetch failed: network, status, timeout, redirect or size cap. */
    FETCH,
    /** A source string or URL is refused (scheme, ref, option-like text). */
    BAD_SOURCE,
    /** A git source could not be cloned or holds something refused. */
    GIT,
    /** The artefact itself breaks a format rule. */
    BAD_ARTEFACT,
  }

  private final Reason reason;

  /**
   * Creates an exception.
   *
   * @param reason why
   * @param message what happened and what to do
   */
  public CatalogException(Reason reason, String message) {
    this(reason, message, null, null, null);
  }

  /**
   * Creates an exception with the mismatching values and a cause.
   *
   * @param reason why
   * @param message what happened and what to do
   * @param expected the expected value, or {@code null}
   * @param actual the value found, or {@code null}
   * @param cause the cause, or {@code null}
   */
  public CatalogException(
      Reason reason, String message, String expected, String actual, Throwable cause) {
    super(message, expected, actual, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Why the operation failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
