package dev.airlock.signature;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.internal.Digests;
import dev.airlock.signature.SignatureSource.Descriptor;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds what {@code airlock sign} pushes: a cosign-compatible legacy {@code .sig} manifest, a
 * Sigstore bundle referrer manifest with a {@code subject}, and the referrers index of the fallback
 * tag for registries without the referrers API. Output is deterministic JSON.
 */
public final class SignatureDocuments {
  /** OCI image manifest media type. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  /** OCI image index media type. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** The OCI empty descriptor's media type. */
  public static final String EMPTY = "application/vnd.oci.empty.v1+json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);

  private SignatureDocuments() {}

  /**
   * A blob to push.
   *
   * @param mediaType its media type
   * @param bytes its content
   */
  public record Blob(String mediaType, byte[] bytes) {
    /** Copies. */
    public Blob {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    /**
     * The blob's digest.
     *
     * @return {@code sha256:<hex>}
     */
    public String digest() {
      return "sha256:" + Digests.sha256Hex(bytes);
    }
  }

  /**
   * A manifest and the blobs it needs, pushed blobs first.
   *
   * @param tag where to push the manifest: a tag, or empty to push it by digest
   * @param manifest the manifest or index
   * @param blobs the config and layer blobs
   */
  public record Document(Optional<String> tag, Blob manifest, List<Blob> blobs) {
    /** Copies. */
    public Document {
      blobs = List.copyOf(blobs);
    }
  }

  /**
   * A signed legacy layer: the simple-signing payload and its annotations.
   *
   * @param payload the payload bytes
   * @param signature the signature over them
   * @param certificate PEM signing certificate for keyless, or empty
   * @return the layer as a {@link LegacySignature}
   */
  public static LegacySignature legacyLayer(
      byte[] payload, byte[] signature, Optional<String> certificate) {
    Map<String, String> a = new TreeMap<>();
    a.put(LegacySignature.SIGNATURE, Base64.getEncoder().encodeToString(signature));
    certificate.ifPresent(c -> a.put(LegacySignature.CERTIFICATE, c));
    return new LegacySignature("new signature", payload, a);
  }

  /**
   * The {@code sha256-<hex>.sig} manifest holding the given layers (existing ones first, to add a
   * signature without dropping others).
   *
   * @param manifestDigest the signed manifest's digest
   * @param layers the signature layers
   * @return the document to push under the legacy tag
   */
  public static Document legacyManifest(String manifestDigest, List<LegacySignature> layers) {
    ObjectNode config = JSON.createObjectNode();
    config.put("architecture", "").put("created", "0001-01-01T00:00:00Z").put("os", "");
    config.putObject("config");
    ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    ObjectNode m = manifestHead(OCI_MANIFEST);
    Blob configBlob = null;
    ArrayNode ls = JSON.createArrayNode();
    List<Blob> blobs = new java.util.ArrayList<>();
    for (LegacySignature l : layers) {
      Blob b = new Blob(SimpleSigningPayload.MEDIA_TYPE, l.payload());
      diffIds.add(b.digest());
      ObjectNode d = descriptor(b);
      ObjectNode an = d.putObject("annotations");
      new TreeMap<>(l.annotations()).forEach(an::put);
      ls.add(d);
      blobs.add(b);
    }
    configBlob = new Blob("application/vnd.oci.image.config.v1+json", bytes(config));
    m.set("config", descriptor(configBlob));
    m.set("layers", ls);
    blobs.add(0, configBlob);
    return new Document(
        Optional.of(SignatureDiscovery.legacyTag(manifestDigest)),
        new Blob(OCI_MANIFEST, bytes(m)),
        blobs);
  }

  /**
   * A bundle referrer manifest, as cosign v3 writes it: artifact type {@link
   * SigstoreBundle#MEDIA_TYPE}, the empty config, the bundle as the only layer, and a {@code
   * subject} naming the signed manifest.
   *
   * @param subject the signed manifest's descriptor
   * @param bundle the bundle JSON
   * @param created the {@code org.opencontainers.image.created} annotation (RFC 3339)
   * @return the document to push by digest
   */
  public static Document bundleReferrer(Descriptor subject, byte[] bundle, String created) {
    Blob empty = new Blob(EMPTY, EMPTY_JSON);
    Blob b = new Blob(SigstoreBundle.MEDIA_TYPE, bundle);
    ObjectNode m = manifestHead(OCI_MANIFEST);
    m.put("artifactType", SigstoreBundle.MEDIA_TYPE);
    m.set("config", descriptor(empty));
    m.putArray("layers").add(descriptor(b));
    ObjectNode s = m.putObject("subject");
    s.put("mediaType", subject.mediaType())
        .put("digest", subject.digest())
        .put("size", subject.size());
    m.putObject("annotations")
        .put("dev.sigstore.bundle.content", "message-signature")
        .put("org.opencontainers.image.created", created);
    return new Document(Optional.empty(), new Blob(OCI_MANIFEST, bytes(m)), List.of(empty, b));
  }

  /**
   * The referrers index for the fallback tag {@code sha256-<hex>} (for registries without the
   * referrers API), listing the existing referrers plus the new one.
   *
   * @param subjectDigest the signed manifest's digest
   * @param referrers descriptors of referrer manifests, with their artifact types
   * @return the document to push under the fallback tag
   */
  public static Document referrersIndex(String subjectDigest, List<Descriptor> referrers) {
    ObjectNode index = manifestHead(OCI_INDEX);
    ArrayNode ms = index.putArray("manifests");
    for (Descriptor d : referrers) {
      ObjectNode n = ms.addObject();
      n.put("mediaType", d.mediaType()).put("digest", d.digest()).put("size", d.size());
      if (!d.artifactType().isEmpty()) {
        n.put("artifactType", d.artifactType());
      }
      if (!d.annotations().isEmpty()) {
        ObjectNode an = n.putObject("annotations");
        new TreeMap<>(d.annotations()).forEach(an::put);
      }
    }
    return new Document(
        Optional.of(SignatureDiscovery.fallbackTag(subjectDigest)),
        new Blob(OCI_INDEX, bytes(index)),
        List.of());
  }

  private static ObjectNode manifestHead(String mediaType) {
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2).put("mediaType", mediaType);
    return m;
  }

  private static ObjectNode descriptor(Blob b) {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", b.mediaType()).put("digest", b.digest()).put("size", b.bytes.length);
    return d;
  }

  private static byte[] bytes(ObjectNode n) {
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }
}
