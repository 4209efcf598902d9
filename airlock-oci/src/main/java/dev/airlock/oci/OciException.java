package dev.airlock.oci;

import dev.airlock.AirlockException;
import java.util.Objects;

/**
 * A registry operation failed: the reference was malformed, the registry refused or misbehaved,
 * content did not match its digest, or no usable plugin was found. The message says what was tried,
 * expected vs found, and what to do; {@link #kind()} lets a caller react without parsing it.
 */
public class OciException extends AirlockException {
  private static final long serialVersionUID = 1L;

  /** What kind of failure. */
  public enum Kind {
    /** The reference does not follow the grammar. */
    INVALID_REFERENCE,
    /** The registry has no such repository, tag, manifest or blob (404). */
    NOT_FOUND,
    /** Credentials were missing or refused (401, 403, a token could not be obtained). */
    UNAUTHORIZED,
    /** The registry could not be reached (connection refused, DNS, TLS, timeout). */
    NETWORK,
    /** The registry answered something the protocol does not allow, or a limit was exceeded. */
    PROTOCOL,
    /** Bytes did not match the digest or size they were announced with. */
    DIGEST_MISMATCH,
    /** The content is not a plugin we can use (layout, platform). */
    UNSUPPORTED,
    /** No network and no cached copy. */
    OFFLINE,
    /** A verification step refused the content. */
    VERIFICATION,
    /** A local file could not be read or written. */
    IO
  }

  private final Kind kind;

  /**
   * Creates an exception.
   *
   * @param kind what kind of failure
   * @param message a message a person can act on
   */
  public OciException(Kind kind, String message) {
    this(kind, message, null, null, null);
  }

  /**
   * Creates an exception with an expected/found pair and a cause.
   *
   * @param kind what kind of failure
   * @param message a message a person can act on
   * @param expected the expected value, or {@code null}
   * @param actual the value found, or {@code null}
   * @param cause the cause, or {@code null}
   */
  public OciException(Kind kind, String message, String expected, String actual, Throwable cause) {
    super(message, expected, actual, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * What kind of failure this is.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }
}
