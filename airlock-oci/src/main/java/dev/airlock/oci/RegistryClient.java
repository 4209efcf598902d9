package dev.airlock.oci;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The OCI distribution API: everything in {@link RegistryView} plus blob downloads to files and the
 * write operations (uploads, cross-repository mounts, manifest {@code PUT}). Thread-safe. {@link
 * #create(RegistryConfig)} gives the HTTP implementation.
 */
public interface RegistryClient extends RegistryView {
  /**
   * The HTTP client.
   *
   * @param config credentials, TLS, retries
   * @return a client
   */
  static RegistryClient create(RegistryConfig config) {
    return new HttpRegistryClient(config);
  }

  /**
   * Checks that the registry answers and accepts our credentials ({@code GET /v2/}).
   *
   * @param registry host[:port]
   * @throws OciException when it does not
   */
  void ping(String registry) throws OciException;

  /**
   * Streams a blob into {@code target}: the digest and size are checked while reading (reading
   * stops one byte past the size), the bytes go to a temporary file beside the target, which is
   * moved into place only when everything matched. Redirects to blob storage are followed without
   * the {@code Authorization} header.
   *
   * @param repo the repository
   * @param descriptor the blob's digest and size
   * @param target the file to create or replace
   * @param progress called with the bytes read so far, may be {@code null}
   * @throws OciException on a mismatch or failure; the target is then untouched
   */
  void downloadBlob(
      Repository repo, Descriptor descriptor, Path target, java.util.function.LongConsumer progress)
      throws OciException;

  /**
   * Streams a blob into {@code out} as it arrives: the size is checked while reading (reading stops
   * one byte past it) and the digest at the end. Nothing is written anywhere else, so on failure
   * the caller discards what {@code out} received (a pull writes into a staging directory it
   * deletes). Redirects to blob storage are followed without the {@code Authorization} header.
   *
   * @param repo the repository
   * @param descriptor the blob's digest and size
   * @param out where the bytes go; not closed
   * @param progress called with the bytes read so far, may be {@code null}
   * @throws OciException on a mismatch or failure, including a failure to write to {@code out}
   */
  void streamBlob(
      Repository repo,
      Descriptor descriptor,
      java.io.OutputStream out,
      java.util.function.LongConsumer progress)
      throws OciException;

  /**
   * Whether a blob exists ({@code HEAD}).
   *
   * @param repo the repository
   * @param digest the digest
   * @return true when the registry has it
   * @throws OciException on failure
   */
  boolean blobExists(Repository repo, Digest digest) throws OciException;

  /**
   * Gets ready to push to {@code repo}: settles authentication for the push scope (a token, Basic
   * credentials, or a registry that asks for none), so the uploads that follow can run concurrently
   * instead of each answering its own challenge.
   *
   * @param repo the repository
   * @return true when settled; false when the caller should let a first upload settle it
   * @throws OciException when the registry refuses the credentials
   */
  default boolean preparePush(Repository repo) throws OciException {
    return false;
  }

  /**
   * Uploads a blob unless the registry has it: first a cross-repository mount from {@code
   * mountFrom} when given, else {@code POST} then a single {@code PUT}, or {@code PATCH} chunks
   * then {@code PUT} for blobs over the chunk size.
   *
   * @param repo the repository
   * @param content the bytes (a file, read again on retries)
   * @param descriptor the blob's digest and size
   * @param mountFrom a repository on the same registry that has the blob
   * @return true when bytes were sent, false when the blob was there or mounted
   * @throws OciException on failure
   */
  boolean pushBlob(
      Repository repo, BlobContent content, Descriptor descriptor, Optional<Repository> mountFrom)
      throws OciException;

  /**
   * {@code PUT} a manifest or index under a tag or its digest; checks the digest the registry
   * reports.
   *
   * @param repo the repository
   * @param tagOrDigest where to put it
   * @param mediaType its media type (sent as {@code Content-Type})
   * @param bytes the exact bytes
   * @return the manifest's digest
   * @throws OciException on failure
   */
  Digest putManifest(Repository repo, String tagOrDigest, String mediaType, byte[] bytes)
      throws OciException;

  /**
   * How many HTTP requests this client has sent (including redirects and retries).
   *
   * @return the count
   */
  long requestCount();
}
