package dev.airlock.oci;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The image index over several platforms that {@link PluginPusher#pushIndex} pushes. */
final class PlatformIndex {
  private PlatformIndex() {}

  /** The entries in platform order; refuses none and duplicates. */
  static List<PlatformEntry> sorted(List<PlatformEntry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("an image index needs at least one platform entry");
    }
    List<PlatformEntry> s = new ArrayList<>(entries);
    s.sort(Comparator.comparing(e -> e.platform().toString()));
    for (int i = 1; i < s.size(); i++) {
      if (s.get(i).platform().equals(s.get(i - 1).platform())) {
        throw new IllegalArgumentException(
            "platform " + s.get(i).platform() + " is given twice; an index has one entry each");
      }
    }
    return s;
  }

  /** The index bytes: one descriptor per image, with its platform; sorted keys, no spaces. */
  static byte[] bytes(List<PlatformEntry> sorted, List<WasmArtifact> images) {
    ObjectNode idx = Json.MAPPER.createObjectNode();
    idx.put("schemaVersion", 2);
    idx.put("mediaType", MediaTypes.OCI_INDEX);
    ArrayNode ms = idx.putArray("manifests");
    for (int i = 0; i < sorted.size(); i++) {
      byte[] m = images.get(i).manifest();
      ObjectNode d = WasmArtifact.descriptor(Descriptor.of(MediaTypes.OCI_MANIFEST, m, Map.of()));
      Platform p = sorted.get(i).platform();
      ObjectNode pn = d.putObject("platform");
      pn.put("architecture", p.architecture());
      pn.put("os", p.os());
      p.variant().ifPresent(v -> pn.put("variant", v));
      ms.add(d);
    }
    return WasmArtifact.write(idx);
  }
}
