package dev.airlock.signature;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The view of one registry repository that signature discovery needs. The OCI client implements it;
 * tests use an in-memory one. Implementations check digests and sizes of what they return and never
 * read more than the bound given.
 */
public interface SignatureSource {
  /**
   * Gets a manifest by tag.
   *
   * @param tag e.g. {@code sha256-<hex>.sig}
   * @param maxBytes refuse larger manifests
   * @return the manifest bytes, or empty when the tag does not exist
   * @throws IOException on network or registry errors other than "not found"
   */
  Optional<byte[]> manifestByTag(String tag, int maxBytes) throws IOException;

  /**
   * Gets a manifest by digest; the bytes must hash to it.
   *
   * @param digest {@code sha256:<hex>}
   * @param maxBytes refuse larger manifests
   * @return the manifest bytes
   * @throws IOException when it cannot be read or does not match
   */
  byte[] manifest(String digest, int maxBytes) throws IOException;

  /**
   * Gets a blob; the bytes must hash to the digest.
   *
   * @param digest {@code sha256:<hex>}
   * @param maxBytes refuse larger blobs
   * @return the blob bytes
   * @throws IOException when it cannot be read or does not match
   */
  byte[] blob(String digest, long maxBytes) throws IOException;

  /**
   * One page of the OCI 1.1 referrers API ({@code GET /v2/<name>/referrers/<digest>}).
   *
   * @param subjectDigest the manifest whose referrers are listed
   * @param artifactType the {@code artifactType} filter to ask for (registries may ignore it)
   * @param page the {@code next} token of the previous page (the {@code Link} header), or empty for
   *     the first page
   * @return the page, or empty when the registry has no referrers API (404)
   * @throws IOException on other errors, and when the listing goes past the bound the source was
   *     made with (it must not read an unbounded listing before discovery can count it)
   */
  Optional<ReferrersPage> referrers(
      String subjectDigest, String artifactType, Optional<String> page) throws IOException;

  /**
   * A page of referrers.
   *
   * @param descriptors the descriptors on this page
   * @param next the token for the next page, or empty on the last page
   * @param bytes how many bytes of listing the registry sent for this page (all the pages it
   *     collapses, for a source that follows the registry's pages itself); discovery counts them
   *     against {@link DiscoveryLimits#maxBytes()} like manifests and blobs
   */
  record ReferrersPage(List<Descriptor> descriptors, Optional<String> next, long bytes) {
    /** Copies and validates. */
    public ReferrersPage {
      descriptors = List.copyOf(descriptors);
      Objects.requireNonNull(next, "next");
      if (bytes < 0) {
        throw new IllegalArgumentException("bytes should be 0 or more, got " + bytes);
      }
    }
  }

  /**
   * An OCI descriptor.
   *
   * @param mediaType the media type
   * @param digest the digest
   * @param size the size in bytes
   * @param artifactType the artifact type, or empty
   * @param annotations annotations
   */
  record Descriptor(
      String mediaType,
      String digest,
      long size,
      String artifactType,
      Map<String, String> annotations) {
    /** Copies. */
    public Descriptor {
      Objects.requireNonNull(mediaType, "mediaType");
      Objects.requireNonNull(digest, "digest");
      artifactType = artifactType == null ? "" : artifactType;
      annotations = Map.copyOf(annotations);
    }
  }
}
