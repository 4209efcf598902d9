package dev.airlock.artefact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.artefact.StructuredText.Syntax;
import dev.airlock.internal.Text;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an Artifact Keeper {@code plugin.toml} with the validation Artifact Keeper applies (name
 * and format key, semantic version, memory range, timeout 1–300 s) and Airlock's own strictness:
 * unknown sections and keys are refused by name, values are typed, and permissions cannot be asked
 * for.
 */
final class PluginTomlParser {
  static final String WHAT = "plugin.toml";

  /** Artifact Keeper's identifier rule for plugin names and format keys. */
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9-]{0,99}");

  private static final List<String> SECTIONS =
      List.of("plugin", "format", "capabilities", "requirements");
  private static final List<String> PLUGIN_KEYS =
      List.of(
          "name", "version", "description", "author", "license", "homepage", "min_keeper_version");
  private static final List<String> FORMAT_KEYS =
      List.of("key", "display_name", "extensions", "content_types");
  private static final List<String> CAPABILITY_KEYS =
      List.of("parse_metadata", "validate_artifact", "generate_index", "handle_request");
  private static final List<String> REQUIREMENT_KEYS =
      List.of("min_wasmtime", "min_memory_mb", "max_memory_mb", "timeout_secs");

  private static final int MAX_MEMORY_MB = Permissions.MAX_PAGES / PluginToml.PAGES_PER_MB;
  private static final int MAX_TIMEOUT_SECS = 300;

  private PluginTomlParser() {}

  static PluginToml parse(byte[] bytes) throws ArtefactException {
    JsonNode root = StructuredText.parse(bytes, Syntax.TOML, WHAT);
    if (root.has("resources")) {
      throw invalid(
          "plugin.toml has section [resources], which Artifact Keeper does not read; set limits"
              + " in [requirements] (max_memory_mb, timeout_secs)");
    }
    checkKeys(root, null, SECTIONS);
    JsonNode plugin = table(root, "plugin");
    if (plugin == null) {
      throw invalid("plugin.toml is missing its [plugin] table");
    }
    checkKeys(plugin, "plugin", PLUGIN_KEYS);
    String name = identifier(plugin, "plugin", "name");
    SemanticVersion version = version(requiredString(plugin, "plugin", "version"));
    optionalString(plugin, "plugin", "min_keeper_version");
    JsonNode format = table(root, "format");
    Optional<String> formatKey = format == null ? Optional.empty() : Optional.of(format(format));
    Requirements requirements = requirements(table(root, "requirements"));
    return new PluginToml(
        name,
        version,
        optionalString(plugin, "plugin", "description").orElse(""),
        optionalString(plugin, "plugin", "license").orElse(""),
        optionalString(plugin, "plugin", "author").orElse(""),
        optionalString(plugin, "plugin", "homepage").orElse(""),
        hooks(table(root, "capabilities")),
        formatKey,
        format == null ? List.of() : stringArray(format, "extensions"),
        requirements.minMemoryMb(),
        requirements.maxMemoryMb(),
        requirements.timeoutSecs());
  }

  private static SemanticVersion version(String text) throws ArtefactException {
    try {
      return SemanticVersion.parse(text);
    } catch (IllegalArgumentException e) {
      throw invalid(
          "plugin.toml [plugin] version "
              + Text.quote(text)
              + " is not a semantic version like"
              + " 1.2.3");
    }
  }

  /** Checks {@code [format]} as Artifact Keeper does and returns its key. */
  private static String format(JsonNode format) throws ArtefactException {
    checkKeys(format, "format", FORMAT_KEYS);
    String key = identifier(format, "format", "key");
    if (requiredString(format, "format", "display_name").isBlank()) {
      throw invalid("plugin.toml [format] 'display_name' must not be empty");
    }
    stringArray(format, "extensions");
    stringArray(format, "content_types");
    return key;
  }

  private record Requirements(int minMemoryMb, int maxMemoryMb, int timeoutSecs) {}

  /** {@code [requirements]} with Artifact Keeper's defaults (32 and 64 MB, 5 s) and rules. */
  private static Requirements requirements(JsonNode requirements) throws ArtefactException {
    if (requirements == null) {
      return new Requirements(32, 64, 5);
    }
    checkKeys(requirements, "requirements", REQUIREMENT_KEYS);
    optionalString(requirements, "requirements", "min_wasmtime");
    int min = integer(requirements, "min_memory_mb", 32, 0, MAX_MEMORY_MB, "");
    int max = integer(requirements, "max_memory_mb", 64, 1, MAX_MEMORY_MB, "");
    int timeout = integer(requirements, "timeout_secs", 5, 1, MAX_TIMEOUT_SECS, " seconds");
    if (min > max) {
      throw invalid(
          "plugin.toml [requirements] min_memory_mb ("
              + min
              + ") must be less than or equal to max_memory_mb ("
              + max
              + ")");
    }
    return new Requirements(min, max, timeout);
  }

  /**
   * Maps capability flags to the format-handler exports, with Artifact Keeper's defaults
   * (parse_metadata and validate_artifact on, generate_index off). {@code format_key} is always
   * exported.
   */
  private static List<String> hooks(JsonNode capabilities) throws ArtefactException {
    if (capabilities == null) {
      return List.of("format_key", "parse_metadata", "validate");
    }
    checkKeys(capabilities, "capabilities", CAPABILITY_KEYS);
    if (flag(capabilities, "handle_request", false)) {
      throw invalid(
          "plugin.toml [capabilities] handle_request = true is not supported: Airlock has no"
              + " native-protocol request hook");
    }
    List<String> hooks = new ArrayList<>(List.of("format_key"));
    if (flag(capabilities, "parse_metadata", true)) {
      hooks.add("parse_metadata");
    }
    if (flag(capabilities, "validate_artifact", true)) {
      hooks.add("validate");
    }
    if (flag(capabilities, "generate_index", false)) {
      hooks.add("generate_index");
    }
    return hooks;
  }

  private static void checkKeys(JsonNode table, String section, List<String> allowed)
      throws ArtefactException {
    String where = section == null ? "plugin.toml" : "plugin.toml [" + section + "]";
    for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (key.equals("permissions")) {
        throw invalid(
            "plugin.toml may not grant permissions: a zip never grants files, network or"
                + " environment; ship a signed .tar.gz whose manifest.json asks for them");
      }
      if (!allowed.contains(key)) {
        throw invalid(
            where
                + " has unknown key "
                + Text.quote(key)
                + " (allowed: "
                + String.join(", ", allowed)
                + ")");
      }
    }
  }

  private static JsonNode table(JsonNode root, String section) throws ArtefactException {
    JsonNode node = root.get(section);
    if (node != null && !node.isObject()) {
      throw invalid(
          "plugin.toml ["
              + section
              + "] should be a table, got "
              + StructuredText.kind(node, Syntax.TOML));
    }
    return node;
  }

  private static String identifier(JsonNode table, String section, String key)
      throws ArtefactException {
    String value = requiredString(table, section, key);
    if (!IDENTIFIER.matcher(value).matches()) {
      throw invalid(
          "plugin.toml ["
              + section
              + "] "
              + key
              + " "
              + Text.quote(value)
              + " is invalid: use lowercase letters, digits and hyphens, starting with a letter,"
              + " at most 100 characters");
    }
    return value;
  }

  private static String requiredString(JsonNode table, String section, String key)
      throws ArtefactException {
    return optionalString(table, section, key)
        .orElseThrow(() -> invalid("plugin.toml [" + section + "] is missing '" + key + "'"));
  }

  private static Optional<String> optionalString(JsonNode table, String section, String key)
      throws ArtefactException {
    JsonNode v = table.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw wrongType(section, key, "a string", v);
    }
    return Optional.of(v.textValue());
  }

  private static List<String> stringArray(JsonNode table, String key) throws ArtefactException {
    JsonNode v = table.get(key);
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (v.isArray()) {
      for (JsonNode item : v) {
        if (!item.isTextual()) {
          throw wrongType("format", key, "an array of strings", item);
        }
        out.add(item.textValue());
      }
      return out;
    }
    throw wrongType("format", key, "an array of strings", v);
  }

  private static boolean flag(JsonNode table, String key, boolean absent) throws ArtefactException {
    JsonNode v = table.get(key);
    if (v == null) {
      return absent;
    }
    if (!v.isBoolean()) {
      throw wrongType("capabilities", key, "a boolean", v);
    }
    return v.booleanValue();
  }

  private static int integer(JsonNode table, String key, int absent, int min, int max, String unit)
      throws ArtefactException {
    JsonNode v = table.get(key);
    if (v == null) {
      return absent;
    }
    if (!v.isIntegralNumber()) {
      throw wrongType("requirements", key, "an integer", v);
    }
    if (!v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
      throw invalid(
          "plugin.toml [requirements] "
              + key
              + " is "
              + v.asText()
              + "; it must be "
              + (min == 0 ? "between 0 and " + max : "between " + min + " and " + max)
              + unit);
    }
    return v.intValue();
  }

  private static ArtefactException wrongType(
      String section, String key, String expected, JsonNode found) {
    return invalid(
        "plugin.toml ["
            + section
            + "] '"
            + key
            + "' should be "
            + expected
            + ", got "
            + StructuredText.kind(found, Syntax.TOML));
  }

  private static ArtefactException invalid(String message) {
    return StructuredText.invalid(message);
  }
}
