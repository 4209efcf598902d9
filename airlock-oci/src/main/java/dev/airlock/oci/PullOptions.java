package dev.airlock.oci;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Options of one pull. Immutable; start from {@link #defaults()}.
 *
 * @param platform the platform to pick from an index instead of the host's
 * @param force refresh from the registry even when cached
 * @param output also write the plugin file here (atomically)
 * @param targetFile the file to take out of tar layers ({@code plugin.wasm})
 * @param verifier the verification step between resolve and trust
 * @param listener progress events
 */
public record PullOptions(
    Optional<Platform> platform,
    boolean force,
    Optional<Path> output,
    String targetFile,
    PullVerifier verifier,
    ProgressListener listener) {
  /** Checks. */
  public PullOptions {
    if (targetFile == null || targetFile.isBlank()) {
      throw new IllegalArgumentException("targetFile should not be blank");
    }
    if (verifier == null || listener == null || platform == null || output == null) {
      throw new IllegalArgumentException("pull options should not be null");
    }
  }

  /**
   * Host platform, cache used, no output file, {@code plugin.wasm}, no verification, no events.
   *
   * @return the defaults
   */
  public static PullOptions defaults() {
    return new PullOptions(
        Optional.empty(),
        false,
        Optional.empty(),
        "plugin.wasm",
        PullVerifier.NONE,
        ProgressListener.NONE);
  }

  /**
   * @param p the platform
   * @return a copy with it
   */
  public PullOptions withPlatform(Platform p) {
    return new PullOptions(Optional.of(p), force, output, targetFile, verifier, listener);
  }

  /**
   * @param f whether to refresh
   * @return a copy with it
   */
  public PullOptions withForce(boolean f) {
    return new PullOptions(platform, f, output, targetFile, verifier, listener);
  }

  /**
   * @param file where to write the plugin
   * @return a copy with it
   */
  public PullOptions withOutput(Path file) {
    return new PullOptions(platform, force, Optional.of(file), targetFile, verifier, listener);
  }

  /**
   * @param name the file to take out of tar layers
   * @return a copy with it
   */
  public PullOptions withTargetFile(String name) {
    return new PullOptions(platform, force, output, name, verifier, listener);
  }

  /**
   * @param v the verification step
   * @return a copy with it
   */
  public PullOptions withVerifier(PullVerifier v) {
    return new PullOptions(platform, force, output, targetFile, v, listener);
  }

  /**
   * @param l the listener
   * @return a copy with it
   */
  public PullOptions withListener(ProgressListener l) {
    return new PullOptions(platform, force, output, targetFile, verifier, l);
  }
}
