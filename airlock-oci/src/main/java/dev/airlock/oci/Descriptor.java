package dev.airlock.oci;

import java.util.Map;
import java.util.Optional;

/**
 * An OCI content descriptor: what a manifest says about a blob or child manifest.
 *
 * @param mediaType the media type
 * @param digest the content digest
 * @param size the exact size in bytes
 * @param annotations annotations, possibly empty
 * @param platform the platform, for index entries
 * @param artifactType the artifact type, for referrers
 */
public record Descriptor(
    String mediaType,
    Digest digest,
    long size,
    Map<String, String> annotations,
    Optional<Platform> platform,
    Optional<String> artifactType) {
  /** Validates and copies. */
  public Descriptor {
    if (mediaType == null || mediaType.isBlank()) {
      throw new IllegalArgumentException("descriptor needs a mediaType");
    }
    if (digest == null) {
      throw new IllegalArgumentException("descriptor needs a digest");
    }
    if (size < 0) {
      throw new IllegalArgumentException("descriptor size should not be negative, got " + size);
    }
    annotations = Map.copyOf(annotations);
    platform = platform == null ? Optional.empty() : platform;
    artifactType = artifactType == null ? Optional.empty() : artifactType;
  }

  /**
   * A descriptor for some bytes.
   *
   * @param mediaType the media type
   * @param bytes the content
   * @param annotations annotations
   * @return the descriptor
   */
  public static Descriptor of(String mediaType, byte[] bytes, Map<String, String> annotations) {
    return new Descriptor(
        mediaType,
        Digest.sha256(bytes),
        bytes.length,
        annotations,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * The {@code org.opencontainers.image.title} annotation.
   *
   * @return the title, if any
   */
  public Optional<String> title() {
    return Optional.ofNullable(annotations.get("org.opencontainers.image.title"));
  }
}
