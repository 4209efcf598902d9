package dev.airlock.contract;

import java.util.Objects;
import java.util.Optional;

/**
 * An upload, for {@code validate_upload}: sent as the envelope header's {@code "artifact"} object,
 * the bytes as its payload.
 *
 * @param repository the repository uploaded to
 * @param path the artifact's path in the repository
 * @param format the repository's format key, e.g. {@code npm}
 * @param sizeBytes the upload's size
 * @param contentType the media type the client sent
 * @param name the package name, when the registry knows it
 * @param version the version, when the registry knows it
 * @param uploader the uploading user, when known
 */
public record ArtifactInfo(
    String repository,
    String path,
    String format,
    long sizeBytes,
    String contentType,
    Optional<String> name,
    Optional<String> version,
    Optional<String> uploader) {

  /** Checks the fields. */
  public ArtifactInfo {
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(format, "format");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must be >= 0, got " + sizeBytes);
    }
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(uploader, "uploader");
  }

  /**
   * An upload with only what every registry knows; content type {@code application/octet-stream}.
   *
   * @param repository the repository
   * @param path the path
   * @param format the format key
   * @param sizeBytes the size
   * @return the info
   */
  public static ArtifactInfo of(String repository, String path, String format, long sizeBytes) {
    return new ArtifactInfo(
        repository,
        path,
        format,
        sizeBytes,
        "application/octet-stream",
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
