package dev.airlock.cli;

import dev.airlock.oci.Descriptor;
import dev.airlock.oci.Inspection;
import dev.airlock.oci.Platform;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders {@code airlock inspect oci://…}. */
final class OciInspect {
  private OciInspect() {}

  static int print(PrintWriter o, Inspection i, boolean json) {
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("reference", i.reference().toString());
      r.put("digest", i.digest().toString());
      r.put("media_type", i.mediaType());
      r.put("platforms", i.platforms().stream().map(Platform::toString).toList());
      r.put("manifest_digest", i.manifestDigest().toString());
      i.config().ifPresent(c -> r.put("config", descriptor(c)));
      List<Object> layers = new ArrayList<>();
      i.layers().forEach(l -> layers.add(descriptor(l)));
      r.put("layers", layers);
      r.put("annotations", new TreeMap<>(i.annotations()));
      r.put("kind", i.kind());
      Json.print(o, r);
      return ExitCodes.OK;
    }
    o.println("reference:   " + i.reference());
    o.println("digest:      " + i.digest());
    o.println("media type:  " + i.mediaType());
    if (!i.platforms().isEmpty()) {
      o.println(
          "platforms:   "
              + String.join(", ", i.platforms().stream().map(Platform::toString).toList()));
      o.println("manifest:    " + i.manifestDigest());
    }
    i.config().ifPresent(c -> o.println("config:      " + c.mediaType() + " " + c.digest()));
    o.println("layers:");
    for (Descriptor l : i.layers()) {
      o.println(
          "  "
              + l.mediaType()
              + " "
              + l.digest()
              + " "
              + l.size()
              + " bytes"
              + l.title().map(t -> " (" + t + ")").orElse(""));
    }
    if (!i.annotations().isEmpty()) {
      o.println("annotations:");
      new TreeMap<>(i.annotations()).forEach((k, v) -> o.println("  " + k + " = " + v));
    }
    o.println("kind:        " + i.kind());
    return ExitCodes.OK;
  }

  private static Map<String, Object> descriptor(Descriptor d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("media_type", d.mediaType());
    m.put("digest", d.digest().toString());
    m.put("size", d.size());
    if (!d.annotations().isEmpty()) {
      m.put("annotations", new TreeMap<>(d.annotations()));
    }
    return m;
  }
}
