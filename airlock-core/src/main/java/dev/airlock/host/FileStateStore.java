package dev.airlock.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link StateStore} in one JSON file, rewritten atomically on every change. */
final class FileStateStore implements StateStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BYTES = 16 << 20;

  private final Path file;

  FileStateStore(Path file) {
    this.file = file;
  }

  @Override
  public synchronized Map<String, Entry> load() throws IOException {
    if (!Files.exists(file)) {
      return new TreeMap<>();
    }
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException("state file " + file + " is larger than " + MAX_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(
          "state file "
              + file
              + " is not valid JSON ("
              + e.getMessage()
              + "); move it away to start with a fresh state",
          e);
    }
    Map<String, Entry> out = new TreeMap<>();
    for (Map.Entry<String, JsonNode> p : root.path("plugins").properties()) {
      JsonNode n = p.getValue();
      Map<String, String> config = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> c : n.path("config").properties()) {
        config.put(c.getKey(), c.getValue().asText());
      }
      out.put(
          p.getKey(),
          new Entry(
              n.has("enabled") && !n.get("enabled").isNull()
                  ? Optional.of(n.get("enabled").asBoolean())
                  : Optional.empty(),
              config,
              n.hasNonNull("highest_version")
                  ? Optional.of(n.get("highest_version").asText())
                  : Optional.empty()));
    }
    return out;
  }

  @Override
  public synchronized void save(String plugin, Entry entry) throws IOException {
    Map<String, Entry> all = load();
    all.put(plugin, entry);
    write(all);
  }

  @Override
  public synchronized void delete(String plugin) throws IOException {
    Map<String, Entry> all = load();
    if (all.remove(plugin) != null) {
      write(all);
    }
  }

  private void write(Map<String, Entry> all) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema_version", "1");
    ObjectNode plugins = root.putObject("plugins");
    for (Map.Entry<String, Entry> e : all.entrySet()) {
      ObjectNode n = plugins.putObject(e.getKey());
      e.getValue().enabled().ifPresent(v -> n.put("enabled", v));
      ObjectNode config = n.putObject("config");
      new TreeMap<>(e.getValue().config()).forEach(config::put);
      e.getValue().highestVersion().ifPresent(v -> n.put("highest_version", v));
    }
    AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }
}
