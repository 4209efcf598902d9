package dev.airlock.oci;

import java.util.List;

/**
 * The answer of the referrers API.
 *
 * @param supported false when the registry has no referrers API (it answered 404); then callers
 *     fall back to the tag schema ({@code sha256-<hex>})
 * @param manifests the referrer descriptors (with {@code artifactType} and annotations)
 * @param bytes the bytes of listing the registry sent, all pages together (signature discovery
 *     counts them against its byte bound)
 */
public record Referrers(boolean supported, List<Descriptor> manifests, long bytes) {
  /** Copies and validates. */
  public Referrers {
    manifests = List.copyOf(manifests);
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes should be 0 or more, got " + bytes);
    }
  }

  /**
   * The registry has no referrers API.
   *
   * @return an unsupported, empty answer
   */
  public static Referrers unsupported() {
    return new Referrers(false, List.of(), 0);
  }
}
