package dev.airlock.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** Writes an index as pretty JSON, fields in a fixed order, so a re-sign is reproducible. */
final class IndexWriter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private IndexWriter() {}

  static byte[] write(Index index) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema_version", Index.SCHEMA_VERSION);
    index.indexVersion().ifPresent(v -> root.put("index_version", v));
    index.expires().ifPresent(v -> root.put("expires", v.toString()));
    ArrayNode plugins = root.putArray("plugins");
    for (IndexEntry e : index.plugins()) {
      ObjectNode n = plugins.addObject();
      n.put("name", e.name());
      n.put("version", e.version().toString());
      e.description().ifPresent(d -> n.put("description", d));
      n.put("artifact", e.artifact());
      n.put("sha256", e.sha256());
      e.size().ifPresent(s -> n.put("size", s));
      e.signature().ifPresent(s -> n.put("signature", s));
    }
    try {
      String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
      return text.getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an index tree", e);
    }
  }
}
