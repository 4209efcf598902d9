package dev.airlock.signature;

/**
 * Bounds on what signature discovery reads for one artifact.
 *
 * @param maxSignatures signatures (bundles and legacy layers) at most
 * @param maxBytes bytes of signature material at most (referrers listings, manifests and blobs)
 * @param maxPages referrers pages at most
 */
public record DiscoveryLimits(int maxSignatures, long maxBytes, int maxPages) {
  /** 64 signatures, 4 MiB, 16 pages. */
  public static final DiscoveryLimits DEFAULT = new DiscoveryLimits(64, 4L << 20, 16);

  /** Validates. */
  public DiscoveryLimits {
    if (maxSignatures < 1 || maxBytes < 1 || maxPages < 1) {
      throw new IllegalArgumentException("discovery limits must be positive");
    }
  }
}
