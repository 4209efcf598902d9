package dev.airlock.contract;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a format handler's {@code parse_metadata} found in an artifact; also the input of {@code
 * generate_index}.
 *
 * @param path the artifact's path in its repository
 * @param version the version, when the format has one
 * @param contentType the media type, e.g. {@code application/wasm}
 * @param sizeBytes the size in bytes
 * @param checksumSha256 the SHA-256 as 64 lowercase hex digits, when the handler computed it
 */
public record ArtifactMetadata(
    String path,
    Optional<String> version,
    String contentType,
    long sizeBytes,
    Optional<String> checksumSha256) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  /** Checks the fields. */
  public ArtifactMetadata {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(contentType, "contentType");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must be >= 0, got " + sizeBytes);
    }
    Objects.requireNonNull(checksumSha256, "checksumSha256");
    checksumSha256.ifPresent(
        c -> {
          if (!SHA256.matcher(c).matches()) {
            throw new IllegalArgumentException(
                "checksumSha256 should be 64 lowercase hex digits, got " + c.length() + " chars");
          }
        });
  }

  /**
   * What is known without a handler: the path, the size, {@code application/octet-stream}. Used
   * when a handler's {@code parse_metadata} fails open.
   *
   * @param path the artifact's path
   * @param sizeBytes its size
   * @return generic metadata
   */
  public static ArtifactMetadata generic(String path, long sizeBytes) {
    return new ArtifactMetadata(
        path, Optional.empty(), "application/octet-stream", sizeBytes, Optional.empty());
  }
}
