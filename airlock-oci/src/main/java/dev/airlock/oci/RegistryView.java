package dev.airlock.oci;

import java.util.List;
import java.util.Optional;

/**
 * Read-only registry operations, what a {@link PullVerifier} gets: enough to discover signatures
 * (referrers API, {@code sha256-<hex>} tag schemes) and read them, never to change the registry.
 * Every method authenticates as configured and checks digests and sizes.
 */
public interface RegistryView {
  /**
   * {@code HEAD} a manifest: its descriptor without the body.
   *
   * @param repo the repository
   * @param tagOrDigest a tag or {@code sha256:…}
   * @param accept media types to accept, in order of preference
   * @return the descriptor (media type, digest, size), or empty when it does not exist (404)
   * @throws OciException on any other failure
   */
  Optional<Descriptor> headManifest(Repository repo, String tagOrDigest, List<String> accept)
      throws OciException;

  /**
   * {@code GET} a manifest or index, at most {@link OciManifest#MAX_BYTES}, checked against the
   * requested digest (when one is asked for) and the {@code Docker-Content-Digest} header.
   *
   * @param repo the repository
   * @param tagOrDigest a tag or {@code sha256:…}
   * @param accept media types to accept, in order of preference
   * @return the parsed document
   * @throws OciException ({@link OciException.Kind#NOT_FOUND} when absent)
   */
  OciManifest getManifest(Repository repo, String tagOrDigest, List<String> accept)
      throws OciException;

  /**
   * {@code GET} a small blob into memory, checked against its digest and size.
   *
   * @param repo the repository
   * @param descriptor what to fetch (digest and size)
   * @param maxBytes refuse descriptors larger than this
   * @return the bytes
   * @throws OciException on a mismatch, over-size or failure
   */
  byte[] getBlob(Repository repo, Descriptor descriptor, long maxBytes) throws OciException;

  /**
   * The referrers of a manifest ({@code GET /v2/<name>/referrers/<digest>}, all pages).
   *
   * @param repo the repository
   * @param subject the manifest digest
   * @param artifactType only this artifact type, or empty for all
   * @return the referrers, or {@link Referrers#unsupported()} when the registry answers 404 (no
   *     referrers API: fall back to the {@code sha256-<hex>} tag schema)
   * @throws OciException on any other failure
   */
  Referrers referrers(Repository repo, Digest subject, Optional<String> artifactType)
      throws OciException;

  /**
   * Like {@link #referrers(Repository, Digest, Optional)}, reading at most {@code maxPages} pages
   * and {@code maxBytes} bytes of listing (signature discovery's bounds); a longer listing is
   * refused, not truncated, and no more than the bound (plus one byte) is read.
   *
   * @param repo the repository
   * @param subject the manifest digest
   * @param artifactType only this artifact type, or empty for all
   * @param maxPages the most pages to read
   * @param maxBytes the most bytes of listing to read, all pages together
   * @return the referrers, or {@link Referrers#unsupported()} on 404
   * @throws OciException past a bound or on any other failure
   */
  Referrers referrers(
      Repository repo, Digest subject, Optional<String> artifactType, int maxPages, long maxBytes)
      throws OciException;

  /**
   * Every tag of a repository, following {@code Link} pagination.
   *
   * @param repo the repository
   * @return the tags, in the registry's order
   * @throws OciException on failure
   */
  List<String> listTags(Repository repo) throws OciException;
}
