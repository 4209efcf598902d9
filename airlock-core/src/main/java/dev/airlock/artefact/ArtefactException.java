package dev.airlock.artefact;

import dev.airlock.AirlockException;

/**
 * An artefact or manifest breaks the format: a missing, extra or unsafe entry, a size over its cap,
 * a corrupt gzip stream, an invalid manifest, or a wasm digest that does not match.
 */
public class ArtefactException extends AirlockException {
  private static final long serialVersionUID = 1L;

  /** What kind of rule the artefact broke; stable for programs, unlike the message. */
  public enum Reason {
    /** The gzip layer is corrupt, truncated, or has trailing data. */
    COMPRESSION,
    /** The tar layer breaks a structural rule (entry type, name, order, count, size). */
    LAYOUT,
    /** {@code manifest.json} is not a valid manifest. */
    MANIFEST,
    /** The manifest's schema version is not one this reader understands. */
    SCHEMA_VERSION,
    /** The wasm bytes do not match the manifest's {@code wasm_sha256}. */
    DIGEST_MISMATCH,
    /** {@code plugin.wasm} is not a WebAssembly binary. */
    NOT_WASM,
    /** {@code plugin.sig} is malformed or disagrees with the manifest. */
    SIGNATURE_FORMAT,
    /** An entry or file is larger than its cap. */
    TOO_LARGE
  }

  private final Reason reason;

  /**
   * Creates an exception.
   *
   * @param reason the rule broken
   * @param message a message a person can act on
   */
  public ArtefactException(Reason reason, String message) {
    this(reason, message, null, null, null);
  }

  /**
   * Creates an exception with an expected/actual pair.
   *
   * @param reason the rule broken
   * @param message a message a person can act on
   * @param expected the expected value, or {@code null}
   * @param actual the value found, or {@code null}
   * @param cause the cause, or {@code null}
   */
  public ArtefactException(
      Reason reason, String message, String expected, String actual, Throwable cause) {
    super(message, expected, actual, cause);
    this.reason = reason;
  }

  /**
   * The rule the artefact broke.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
