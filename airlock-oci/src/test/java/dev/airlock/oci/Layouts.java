package dev.airlock.oci;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Hand-written OCI manifests for tests, independent of {@link WasmArtifact}: one per foreign
 * layout, as other tools push them.
 */
final class Layouts {
  private Layouts() {}

  static String descriptor(String type, byte[] bytes, String annotations) {
    return "{\"mediaType\":\""
        + type
        + "\",\"digest\":\""
        + Digest.sha256(bytes)
        + "\",\"size\":"
        + bytes.length
        + (annotations == null ? "" : ",\"annotations\":" + annotations)
        + "}";
  }

  static byte[] manifest(
      String configType, byte[] config, List<String> layers, String annotations) {
    String s =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":"
            + descriptor(configType, config, null)
            + ",\"layers\":["
            + String.join(",", layers)
            + "]"
            + (annotations == null ? "" : ",\"annotations\":" + annotations)
            + "}";
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
