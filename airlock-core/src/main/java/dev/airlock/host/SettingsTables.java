package dev.airlock.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tables of the settings file that core does not interpret but lets through, for modules that do:
 * {@code [oci]} (signature verification of {@code oci://} providers, read by {@code airlock-oci})
 * and {@code [catalog]} (CA file and per-host credentials of {@code airlock install}, read by
 * {@code airlock-catalog}). Same syntax rules and size bound as the rest of the file.
 */
public final class SettingsTables {
  private SettingsTables() {}

  /**
   * One top-level table of a settings file.
   *
   * @param file the settings file (.toml, .json, .yaml or .yml)
   * @param name the table, e.g. {@code oci}
   * @return its values (strings, booleans, numbers, lists, maps), empty when the table is absent
   * @throws SettingsException when the file cannot be parsed or the entry is not a table
   * @throws IOException when the file cannot be read
   */
  public static Map<String, Object> table(Path file, String name)
      throws SettingsException, IOException {
    SettingsFile.read(file); // every check the host applies to the file
    String label = file.toString();
    ObjectMapper mapper = SettingsFile.mapper(file, label);
    JsonNode root = mapper.readTree(Files.readAllBytes(file));
    JsonNode t = root == null ? null : root.get(name);
    if (t == null || t.isNull() || t.isMissingNode()) {
      return Map.of();
    }
    if (!t.isObject()) {
      throw SettingsFile.problem(label, name, "should be a table");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    t.properties()
        .forEach(e -> out.put(e.getKey(), mapper.convertValue(e.getValue(), Object.class)));
    return out;
  }
}
