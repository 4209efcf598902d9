package dev.airlock.oci;

/**
 * One step of a pull or push, as the library reports it; the CLI draws it.
 *
 * @param phase the phase
 * @param reference the reference being worked on
 * @param bytes bytes done in this phase (downloading, uploading), else 0
 * @param total bytes expected in this phase, or 0 when unknown
 * @param message detail (a digest, a warning, the reason of a failure)
 */
public record ProgressEvent(Phase phase, String reference, long bytes, long total, String message) {
  /** The phases, in order. */
  public enum Phase {
    /** Finding the manifest digest of a reference. */
    RESOLVING,
    /** Running the verification step on the manifest digest. */
    VERIFYING,
    /** Fetching blobs. */
    DOWNLOADING,
    /** Sending blobs and manifests (push). */
    UPLOADING,
    /** Turning layers into a plugin file. */
    EXTRACTING,
    /** Writing into the cache and the destination. */
    PERSISTING,
    /** Finished. */
    DONE,
    /** Failed; {@code message} says why. */
    FAILED;

    /**
     * The lower-case name the CLI prints.
     *
     * @return e.g. {@code downloading}
     */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Checks for nulls. */
  public ProgressEvent {
    if (phase == null || reference == null || message == null) {
      throw new IllegalArgumentException("progress event parts should not be null");
    }
  }
}
