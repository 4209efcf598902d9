package dev.airlock.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.signature.SignatureException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The cosign "simple signing" payload: what a legacy {@code .sig} signature actually signs.
 *
 * @param manifestDigest {@code critical.image.docker-manifest-digest}
 * @param type {@code critical.type}
 * @param dockerReference {@code critical.identity.docker-reference}, may be empty
 * @param annotations the string values of {@code optional} (cosign's {@code -a key=value})
 */
public record SimpleSigningPayload(
    String manifestDigest, String type, String dockerReference, Map<String, String> annotations) {
  /** The only {@code critical.type} cosign and Airlock accept. */
  public static final String TYPE = "cosign container image signature";

  /** Media type of a legacy signature layer. */
  public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";

  /** Largest payload read; cosign's are a few hundred bytes. */
  public static final int MAX_BYTES = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates and copies. */
  public SimpleSigningPayload {
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(type, "type");
    dockerReference = dockerReference == null ? "" : dockerReference;
    annotations = Map.copyOf(annotations);
  }

  /**
   * A payload for signing a manifest.
   *
   * @param manifestDigest e.g. {@code sha256:…}
   * @param dockerReference the repository the signature is for, e.g. {@code
   *     registry.example/plugins/cost}
   * @param annotations extra claims for {@code optional}; may be empty
   * @return the payload
   */
  public static SimpleSigningPayload of(
      String manifestDigest, String dockerReference, Map<String, String> annotations) {
    return new SimpleSigningPayload(manifestDigest, TYPE, dockerReference, annotations);
  }

  /**
   * Parses payload bytes.
   *
   * @param bytes the blob of a signature layer
   * @return the payload
   * @throws SignatureException when it is too large, not JSON, or lacks the digest or type
   */
  public static SimpleSigningPayload parse(byte[] bytes) throws SignatureException {
    if (bytes.length > MAX_BYTES) {
      throw malformed("is " + bytes.length + " bytes; the limit is " + MAX_BYTES);
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw malformed("is not JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw malformed("is not JSON (" + e.getMessage() + ")");
    }
    if (root == null || !root.isObject() || !root.path("critical").isObject()) {
      throw malformed("has no 'critical' object");
    }
    JsonNode critical = root.get("critical");
    JsonNode image = critical.path("image");
    JsonNode digest = image.get("docker-manifest-digest");
    if (digest == null) {
      digest = image.get("Docker-manifest-digest"); // the spelling of early cosign versions
    }
    if (digest == null || !digest.isTextual()) {
      throw malformed("has no string 'critical.image.docker-manifest-digest'");
    }
    JsonNode type = critical.get("type");
    if (type == null || !type.isTextual()) {
      throw malformed("has no string 'critical.type'");
    }
    JsonNode ref = critical.path("identity").get("docker-reference");
    Map<String, String> annotations = new LinkedHashMap<>();
    root.path("optional")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                annotations.put(e.getKey(), e.getValue().asText());
              }
            });
    return new SimpleSigningPayload(
        digest.asText(), type.asText(), ref != null ? ref.asText() : "", annotations);
  }

  /**
   * Checks the payload is a cosign image signature for {@code expectedDigest}.
   *
   * @param expectedDigest the manifest digest being verified
   * @param expectedReference the docker reference the policy requires, or empty for none
   * @throws SignatureException naming expected and found values
   */
  public void check(String expectedDigest, Optional<String> expectedReference)
      throws SignatureException {
    if (!TYPE.equals(type)) {
      throw new SignatureException(
          Reason.INVALID,
          "signature payload critical.type should be '" + TYPE + "', found '" + type + "'",
          TYPE,
          type,
          null);
    }
    if (!manifestDigest.equals(expectedDigest)) {
      throw new SignatureException(
          Reason.INVALID,
          "signature is for manifest "
              + manifestDigest
              + ", not for "
              + expectedDigest
              + " (a signature copied from another image)",
          expectedDigest,
          manifestDigest,
          null);
    }
    if (expectedReference.isPresent() && !expectedReference.get().equals(dockerReference)) {
      throw new SignatureException(
          Reason.INVALID,
          "signature is for repository '"
              + dockerReference
              + "', the policy requires '"
              + expectedReference.get()
              + "'",
          expectedReference.get(),
          dockerReference,
          null);
    }
  }

  /**
   * The payload as cosign writes it (compact JSON, {@code optional} null when empty).
   *
   * @return UTF-8 JSON bytes
   */
  public byte[] toBytes() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode critical = root.putObject("critical");
    critical.putObject("identity").put("docker-reference", dockerReference);
    critical.putObject("image").put("docker-manifest-digest", manifestDigest);
    critical.put("type", type);
    if (annotations.isEmpty()) {
      root.putNull("optional");
    } else {
      ObjectNode optional = root.putObject("optional");
      new java.util.TreeMap<>(annotations).forEach(optional::put);
    }
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static SignatureException malformed(String what) {
    return new SignatureException(Reason.MALFORMED, "signature payload " + what);
  }
}
