package dev.airlock.oci;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.Manifest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An Airlock artefact as a CNCF wasm OCI artifact: config {@code
 * application/vnd.wasm.config.v0+json} ({@code created} = {@code packed_at}, {@code architecture:
 * wasm}, {@code os: wasip1}, {@code layerDigests}), the module as an {@code application/wasm}
 * layer, then {@code manifest.json} and {@code plugin.sig} as layers of our own types. Everything
 * derives from the artefact, JSON keys are sorted: the same artefact always gives the same manifest
 * digest.
 *
 * @param config the config blob
 * @param layers the layer blobs, in manifest order
 * @param manifest the image manifest bytes
 */
record WasmArtifact(Blob config, List<Blob> layers, byte[] manifest) {
  /** A blob with its descriptor. */
  record Blob(Descriptor descriptor, byte[] bytes) {}

  static final String HOOKS = "dev.airlock.hooks";

  static WasmArtifact of(Artefact a) {
    Manifest m = a.manifest();
    byte[] wasm = bytes(a.wasm());
    // Every Artefact comes from a core reader, which checked wasm_sha256 against the bytes: the
    // module is not hashed a second time here (50 MiB of SHA-256 is tens of milliseconds).
    Blob wasmLayer =
        new Blob(
            new Descriptor(
                MediaTypes.WASM,
                new Digest("sha256", m.wasmSha256()),
                wasm.length,
                Map.of("org.opencontainers.image.title", "plugin.wasm"),
                java.util.Optional.empty(),
                java.util.Optional.empty()),
            wasm);
    List<Blob> layers = new java.util.ArrayList<>();
    layers.add(wasmLayer);
    layers.add(
        blob(
            MediaTypes.AIRLOCK_MANIFEST,
            a.manifestBytes(),
            Map.of("org.opencontainers.image.title", "manifest.json")));
    a.signature()
        .ifPresent(
            s ->
                layers.add(
                    blob(
                        MediaTypes.AIRLOCK_SIGNATURE,
                        Base64.getEncoder().encode(s),
                        Map.of("org.opencontainers.image.title", "plugin.sig"))));
    ObjectNode cfg = Json.MAPPER.createObjectNode();
    cfg.put("created", m.packedAt().toString());
    cfg.put("architecture", "wasm");
    cfg.put("os", "wasip1");
    cfg.putArray("layerDigests").add(wasmLayer.descriptor().digest().toString());
    Blob config = blob(MediaTypes.WASM_CONFIG_V0, write(cfg), Map.of());
    Map<String, String> ann = new TreeMap<>();
    ann.put("org.opencontainers.image.title", m.name());
    ann.put("org.opencontainers.image.version", m.version().toString());
    ann.put("org.opencontainers.image.created", m.packedAt().toString());
    if (!m.homepage().isEmpty()) {
      ann.put("org.opencontainers.image.source", m.homepage());
    }
    if (!m.description().isEmpty()) {
      ann.put("org.opencontainers.image.description", m.description());
    }
    if (!m.license().isEmpty()) {
      ann.put("org.opencontainers.image.licenses", m.license());
    }
    if (!m.hooks().isEmpty()) {
      ann.put(HOOKS, String.join(",", m.hooks()));
    }
    ObjectNode man = Json.MAPPER.createObjectNode();
    man.put("schemaVersion", 2);
    man.put("mediaType", MediaTypes.OCI_MANIFEST);
    man.set("config", descriptor(config.descriptor()));
    ArrayNode ls = man.putArray("layers");
    layers.forEach(l -> ls.add(descriptor(l.descriptor())));
    ObjectNode an = man.putObject("annotations");
    ann.forEach(an::put);
    return new WasmArtifact(config, layers, write(man));
  }

  /** An index with one entry for this manifest at {@code wasip1/wasm}. */
  byte[] index() {
    ObjectNode idx = Json.MAPPER.createObjectNode();
    idx.put("schemaVersion", 2);
    idx.put("mediaType", MediaTypes.OCI_INDEX);
    ObjectNode d = descriptor(Descriptor.of(MediaTypes.OCI_MANIFEST, manifest, Map.of()));
    ObjectNode p = d.putObject("platform");
    p.put("architecture", "wasm");
    p.put("os", "wasip1");
    idx.putArray("manifests").add(d);
    return write(idx);
  }

  static Blob blob(String type, byte[] bytes, Map<String, String> annotations) {
    return new Blob(Descriptor.of(type, bytes, annotations), bytes);
  }

  static ObjectNode descriptor(Descriptor d) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("mediaType", d.mediaType());
    n.put("digest", d.digest().toString());
    n.put("size", d.size());
    if (!d.annotations().isEmpty()) {
      ObjectNode a = n.putObject("annotations");
      new TreeMap<>(d.annotations()).forEach(a::put);
    }
    return n;
  }

  static byte[] write(ObjectNode n) {
    try {
      return Json.MAPPER
          .writer()
          .without(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(n)
          .getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  static Map<String, String> ordered(Map<String, String> m) {
    return new LinkedHashMap<>(m);
  }
}
