package dev.airlock.contract;

import java.util.Objects;

/**
 * What a format handler's {@code parse_metadata} answered. Wire form: {@code {"metadata":{…}}} or
 * {@code {"error":"…"}}.
 */
public sealed interface ParseResult permits ParseResult.Parsed, ParseResult.Refused {

  /**
   * The handler read the artifact.
   *
   * @param metadata what it found
   */
  record Parsed(ArtifactMetadata metadata) implements ParseResult {
    /** Checks the metadata is present. */
    public Parsed {
      Objects.requireNonNull(metadata, "metadata");
    }
  }

  /**
   * The handler cannot read the artifact (or failed closed): reject the upload.
   *
   * @param reason why, for the uploader
   */
  record Refused(String reason) implements ParseResult {
    /** Checks the reason is present. */
    public Refused {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
