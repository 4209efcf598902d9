package dev.airlock.signature;

import dev.airlock.signature.SignatureException.Reason;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One layer of a cosign {@code sha256-<hex>.sig} manifest: the simple-signing payload (the layer
 * blob) and the layer's annotations.
 *
 * @param origin where it was found, for messages
 * @param payload the layer blob
 * @param annotations the layer annotations ({@link #SIGNATURE}, {@link #CERTIFICATE}, {@link
 *     #CHAIN}, {@link #BUNDLE}, and cosign {@code -a} annotations are not here but in the payload)
 */
public record LegacySignature(String origin, byte[] payload, Map<String, String> annotations)
    implements SignatureCandidate {
  /** Base64 signature over the payload. */
  public static final String SIGNATURE = "dev.cosignproject.cosign/signature";

  /** PEM signing certificate (keyless). */
  public static final String CERTIFICATE = "dev.sigstore.cosign/certificate";

  /** PEM certificate chain (keyless). */
  public static final String CHAIN = "dev.sigstore.cosign/chain";

  /** Rekor bundle JSON: signed entry timestamp and entry body. */
  public static final String BUNDLE = "dev.sigstore.cosign/bundle";

  /** Copies and validates. */
  public LegacySignature {
    Objects.requireNonNull(origin, "origin");
    payload = payload.clone();
    annotations = Map.copyOf(annotations);
  }

  @Override
  public byte[] payload() {
    return payload.clone();
  }

  @Override
  public long size() {
    return payload.length + annotations.values().stream().mapToLong(String::length).sum();
  }

  /**
   * The decoded signature annotation.
   *
   * @return signature bytes
   * @throws SignatureException when the annotation is missing or not base64
   */
  public byte[] signature() throws SignatureException {
    String b64 = annotations.get(SIGNATURE);
    if (b64 == null || b64.isBlank()) {
      throw new SignatureException(
          Reason.MALFORMED, origin + " has no '" + SIGNATURE + "' annotation");
    }
    try {
      return Base64.getDecoder().decode(b64.strip());
    } catch (IllegalArgumentException e) {
      throw new SignatureException(
          Reason.MALFORMED, origin + " has a '" + SIGNATURE + "' annotation that is not base64");
    }
  }

  /**
   * The signing certificate, present on keyless signatures.
   *
   * @return PEM text, if any
   */
  public Optional<String> certificate() {
    return Optional.ofNullable(annotations.get(CERTIFICATE)).filter(s -> !s.isBlank());
  }
}
