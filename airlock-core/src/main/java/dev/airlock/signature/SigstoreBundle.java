package dev.airlock.signature;

import java.util.Objects;

/**
 * A Sigstore bundle ({@code application/vnd.dev.sigstore.bundle.v0.3+json} and older versions), as
 * found in a referrer manifest's layer.
 *
 * @param origin where it was found, for messages
 * @param json the bundle bytes
 */
public record SigstoreBundle(String origin, byte[] json) implements SignatureCandidate {
  /** The media type and artifact type of a v0.3 bundle. */
  public static final String MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** Copies. */
  public SigstoreBundle {
    Objects.requireNonNull(origin, "origin");
    json = json.clone();
  }

  @Override
  public byte[] json() {
    return json.clone();
  }

  @Override
  public long size() {
    return json.length;
  }
}
