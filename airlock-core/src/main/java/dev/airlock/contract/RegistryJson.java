package dev.airlock.contract;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The inputs of the registry hooks (docs/contracts/registry.md): envelopes and JSON. */
final class RegistryJson {
  private RegistryJson() {}

  /** {@code parse_metadata} and {@code validate}: header {@code {"path"}}, payload the bytes. */
  static byte[] pathEnvelope(String path, byte[] data) {
    ObjectNode h = PluginJson.object();
    h.put("path", path);
    return Envelope.encode(h, data);
  }

  /** {@code extract} and {@code process}: header {@code {"artifact_id"}}, payload the bytes. */
  static byte[] artifactEnvelope(String artifactId, byte[] data) {
    ObjectNode h = PluginJson.object();
    h.put("artifact_id", artifactId);
    return Envelope.encode(h, data);
  }

  /** {@code validate_upload}: header {@code {"artifact":{…}}}, payload the bytes. */
  static byte[] uploadEnvelope(ArtifactInfo info, byte[] data) {
    ObjectNode h = PluginJson.object();
    ObjectNode a = h.putObject("artifact");
    a.put("repository", info.repository());
    a.put("path", info.path());
    a.put("format", info.format());
    a.put("size_bytes", info.sizeBytes());
    a.put("content_type", info.contentType());
    info.name().ifPresent(v -> a.put("name", v));
    info.version().ifPresent(v -> a.put("version", v));
    info.uploader().ifPresent(v -> a.put("uploader", v));
    return Envelope.encode(h, data);
  }

  /** {@code generate_index}: plain JSON {@code {"artifacts":[metadata…]}}. */
  static byte[] index(List<ArtifactMetadata> artifacts) {
    ObjectNode o = PluginJson.object();
    ArrayNode list = o.putArray("artifacts");
    artifacts.forEach(m -> list.add(metadata(m)));
    return PluginJson.bytes(o);
  }

  static ObjectNode metadata(ArtifactMetadata m) {
    ObjectNode o = PluginJson.object();
    o.put("path", m.path());
    m.version().ifPresent(v -> o.put("version", v));
    o.put("content_type", m.contentType());
    o.put("size_bytes", m.sizeBytes());
    m.checksumSha256().ifPresent(v -> o.put("checksum_sha256", v));
    return o;
  }
}
