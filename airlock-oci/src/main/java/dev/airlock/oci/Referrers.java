package dev.airlock.oci;

import java.util.List;

/**
 * The answer of the referrers API.
 *
 * @param supported false when the registry has no referrers API (it answered 404); then callers
 *     fall back to the tag schema ({@code sha256-<hex>})
 * @param manifests the referrer descriptors (with {@code artifactType} and annotations)
 */
public record Referrers(boolean supported, List<Descriptor> manifests) {
  /** Copies. */
  public Referrers {
    manifests = List.copyOf(manifests);
  }

  /**
   * The registry has no referrers API.
   *
   * @return an unsupported, empty answer
   */
  public static Referrers unsupported() {
    return new Referrers(false, List.of());
  }
}
