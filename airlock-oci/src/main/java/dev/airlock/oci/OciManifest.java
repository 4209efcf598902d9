package dev.airlock.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed manifest or index, with the exact bytes and digest it was read from.
 *
 * @param bytes the exact document bytes (the digest covers these)
 * @param digest the document's digest
 * @param mediaType the effective media type
 * @param artifactType the artifact type, if any
 * @param config the config descriptor (manifests)
 * @param layers the layers (manifests)
 * @param manifests the children (indexes)
 * @param subject the subject, for referrers
 * @param annotations the annotations
 */
public record OciManifest(
    byte[] bytes,
    Digest digest,
    String mediaType,
    Optional<String> artifactType,
    Optional<Descriptor> config,
    List<Descriptor> layers,
    List<Descriptor> manifests,
    Optional<Descriptor> subject,
    Map<String, String> annotations) {
  /** The most bytes a manifest may have: 4 MiB, as the distribution spec suggests. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  /** The most layers (or index entries) a document may list. */
  public static final int MAX_ENTRIES = 1000;

  /** Copies. */
  public OciManifest {
    bytes = bytes.clone();
    layers = List.copyOf(layers);
    manifests = List.copyOf(manifests);
    annotations = Map.copyOf(annotations);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * Whether this is an index (or Docker manifest list).
   *
   * @return true for an index
   */
  public boolean isIndex() {
    return MediaTypes.isIndex(mediaType);
  }

  /**
   * Parses a manifest or index the registry sent.
   *
   * @param bytes the exact bytes
   * @param contentType the {@code Content-Type} the registry gave, or {@code null}
   * @param where what was fetched, for messages
   * @return the document
   * @throws OciException (PROTOCOL) when it is too large, malformed, lists too much, or its media
   *     type disagrees with the {@code Content-Type}
   */
  public static OciManifest parse(byte[] bytes, String contentType, String where)
      throws OciException {
    if (bytes.length > MAX_BYTES) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          "manifest "
              + where
              + " is "
              + bytes.length
              + " bytes; at most "
              + MAX_BYTES
              + " allowed");
    }
    JsonNode n = Json.object(bytes, "manifest " + where);
    String declared = text(n, "mediaType", where).orElse(null);
    String header = contentType == null ? null : contentType.split(";", 2)[0].strip();
    if (declared != null
        && header != null
        && !header.isEmpty()
        && !header.equals("application/json")
        && !header.equals(declared)) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          "manifest "
              + where
              + ": media type mismatch: Content-Type is "
              + header
              + " but the manifest says "
              + declared
              + "; the registry is misconfigured or the content was tampered with",
          declared,
          header,
          null);
    }
    String type = declared != null ? declared : header;
    if (type == null || type.isEmpty() || type.equals("application/json")) {
      type = n.has("manifests") ? MediaTypes.OCI_INDEX : MediaTypes.OCI_MANIFEST;
    }
    if (!MediaTypes.isIndex(type) && !MediaTypes.isManifest(type)) {
      throw new OciException(
          OciException.Kind.UNSUPPORTED,
          "manifest "
              + where
              + " has media type "
              + type
              + "; expected one of "
              + MediaTypes.ALL_MANIFESTS);
    }
    JsonNode sv = n.get("schemaVersion");
    if (sv == null || !sv.isInt() || sv.intValue() != 2) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          "manifest " + where + " should have schemaVersion 2, got " + sv);
    }
    Optional<Descriptor> config =
        n.has("config")
            ? Optional.of(descriptor(n.get("config"), where, "config"))
            : Optional.empty();
    List<Descriptor> layers = list(n, "layers", where);
    List<Descriptor> manifests = list(n, "manifests", where);
    Optional<Descriptor> subject =
        n.has("subject")
            ? Optional.of(descriptor(n.get("subject"), where, "subject"))
            : Optional.empty();
    if (MediaTypes.isManifest(type) && config.isEmpty()) {
      throw new OciException(
          OciException.Kind.PROTOCOL, "manifest " + where + " has no config descriptor");
    }
    return new OciManifest(
        bytes,
        Digest.sha256(bytes),
        type,
        text(n, "artifactType", where),
        config,
        layers,
        manifests,
        subject,
        annotations(n.get("annotations"), where));
  }

  private static List<Descriptor> list(JsonNode n, String field, String where) throws OciException {
    JsonNode a = n.get(field);
    if (a == null) {
      return List.of();
    }
    if (!a.isArray()) {
      throw new OciException(
          OciException.Kind.PROTOCOL, "manifest " + where + ": " + field + " should be an array");
    }
    if (a.size() > MAX_ENTRIES) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          "manifest "
              + where
              + " lists "
              + a.size()
              + " "
              + field
              + "; at most "
              + MAX_ENTRIES
              + " are allowed");
    }
    List<Descriptor> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(descriptor(a.get(i), where, field + "[" + i + "]"));
    }
    return out;
  }

  static Descriptor descriptor(JsonNode d, String where, String at) throws OciException {
    if (d == null || !d.isObject()) {
      throw bad(where, at, "should be a descriptor object");
    }
    String mt = text(d, "mediaType", where).orElseThrow(() -> bad(where, at, "has no mediaType"));
    String dg = text(d, "digest", where).orElseThrow(() -> bad(where, at, "has no digest"));
    JsonNode size = d.get("size");
    if (size == null || !size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
      throw bad(where, at, "should have a non-negative integer size, got " + size);
    }
    Digest digest;
    try {
      digest = Digest.parse(dg);
    } catch (IllegalArgumentException e) {
      throw bad(where, at, e.getMessage());
    }
    Optional<Platform> platform = Optional.empty();
    JsonNode p = d.get("platform");
    if (p != null && p.isObject()) {
      String os = p.path("os").asText("");
      String arch = p.path("architecture").asText("");
      if (os.isBlank() || arch.isBlank()) {
        throw bad(where, at, "has a platform without os or architecture");
      }
      String variant = p.path("variant").asText("");
      platform =
          Optional.of(
              new Platform(os, arch, variant.isBlank() ? Optional.empty() : Optional.of(variant)));
    }
    return new Descriptor(
        mt,
        digest,
        size.asLong(),
        annotations(d.get("annotations"), where),
        platform,
        text(d, "artifactType", where));
  }

  private static Map<String, String> annotations(JsonNode a, String where) throws OciException {
    Map<String, String> out = new LinkedHashMap<>();
    if (a == null || a.isNull()) {
      return out;
    }
    if (!a.isObject()) {
      throw bad(where, "annotations", "should be an object of strings");
    }
    for (Map.Entry<String, JsonNode> e : a.properties()) {
      if (!e.getValue().isTextual()) {
        throw bad(where, "annotations." + e.getKey(), "should be a string");
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  private static Optional<String> text(JsonNode n, String field, String where) throws OciException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw bad(where, field, "should be a string");
    }
    return Optional.of(v.textValue());
  }

  private static OciException bad(String where, String at, String why) {
    return new OciException(
        OciException.Kind.PROTOCOL, "manifest " + where + ": " + at + " " + why);
  }
}
