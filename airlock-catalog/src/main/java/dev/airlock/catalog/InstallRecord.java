package dev.airlock.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.artefact.SemanticVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * What installs into one plugins directory remember, in {@code .airlock-catalog.json} (a dotfile,
 * so the host ignores it): per plugin the highest version ever installed, and per index location
 * the highest {@code index_version} accepted (rollback protection for indexes).
 */
final class InstallRecord {
  static final String FILE = ".airlock-catalog.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, String> highest = new TreeMap<>();
  private final Map<String, String> installed = new TreeMap<>();
  private final Map<String, Long> indexes = new TreeMap<>();

  private InstallRecord(Path file) {
    this.file = file;
  }

  static InstallRecord load(Path dir) throws IOException {
    InstallRecord r = new InstallRecord(dir.resolve(FILE));
    if (!Files.exists(r.file)) {
      return r;
    }
    JsonNode root;
    try {
      root = JSON.readTree(r.file.toFile());
    } catch (IOException e) {
      throw new IOException(
          "install record "
              + r.file
              + " is not valid JSON ("
              + e.getMessage()
              + "); move it away"
              + " to start afresh (downgrade protection then relies on the host's state only)",
          e);
    }
    for (Map.Entry<String, JsonNode> p : root.path("plugins").properties()) {
      String h = p.getValue().path("highest_version").asText("");
      if (!h.isEmpty()) {
        r.highest.put(p.getKey(), h);
      }
      String i = p.getValue().path("installed_version").asText("");
      if (!i.isEmpty()) {
        r.installed.put(p.getKey(), i);
      }
    }
    for (Map.Entry<String, JsonNode> p : root.path("indexes").properties()) {
      r.indexes.put(p.getKey(), p.getValue().asLong());
    }
    return r;
  }

  Optional<SemanticVersion> highest(String plugin) {
    return Optional.ofNullable(highest.get(plugin)).map(SemanticVersion::parse);
  }

  Optional<String> installed(String plugin) {
    return Optional.ofNullable(installed.get(plugin));
  }

  OptionalLong indexVersion(String location) {
    Long v = indexes.get(location);
    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
  }

  void installed(String plugin, SemanticVersion version) {
    installed.put(plugin, version.toString());
    Optional<SemanticVersion> h = highest(plugin);
    if (h.isEmpty() || version.compareTo(h.get()) > 0) {
      highest.put(plugin, version.toString());
    }
  }

  void indexSeen(String location, long version) {
    indexes.merge(location, version, Math::max);
  }

  void save() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema_version", "1");
    ObjectNode plugins = root.putObject("plugins");
    for (String name : highest.keySet()) {
      ObjectNode n = plugins.putObject(name);
      n.put("highest_version", highest.get(name));
      if (installed.containsKey(name)) {
        n.put("installed_version", installed.get(name));
      }
    }
    ObjectNode idx = root.putObject("indexes");
    indexes.forEach(idx::put);
    AtomicWrite.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
  }
}
