package dev.airlock.artefact;

import static dev.airlock.artefact.ManifestJson.CONFIG_SCHEMA;
import static dev.airlock.artefact.ManifestParser.checkKnown;
import static dev.airlock.artefact.ManifestParser.invalid;
import static dev.airlock.artefact.ManifestParser.optionalString;
import static dev.airlock.artefact.ManifestParser.stringList;
import static dev.airlock.artefact.ManifestParser.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.internal.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads a manifest's {@code config_schema} (a JSON Schema subset: an object of typed properties,
 * {@code required}, never additional properties), in {@code manifest.json} and in sidecar manifests
 * alike, with the manifest's own error messages.
 */
final class ConfigSchemaParser {
  private ConfigSchemaParser() {}

  private static final List<String> SCHEMA_FIELDS =
      List.of("type", "properties", "required", "additionalProperties");
  private static final List<String> PROPERTY_FIELDS =
      List.of(
          "type", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern", "description");

  /** Also reads a sidecar manifest's {@code config_schema}, whatever its syntax. */
  static Optional<ConfigSchema> configSchema(JsonNode node) throws ArtefactException {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    String where = "manifest field 'config_schema'";
    if (!node.isObject()) {
      throw wrongType(CONFIG_SCHEMA, "an object", node);
    }
    checkKnown(node, SCHEMA_FIELDS, where);
    if (node.has("type") && !"object".equals(node.get("type").asText())) {
      throw invalid(where + " should have type \"object\"");
    }
    if (node.has("additionalProperties") && !node.get("additionalProperties").isBoolean()
        || node.path("additionalProperties").asBoolean(false)) {
      throw invalid(
          where
              + ": additionalProperties may only be false (unknown keys are"
              + " always refused)");
    }
    JsonNode props = node.path("properties");
    if (!props.isObject()) {
      throw invalid(where + " should have an object of \"properties\"");
    }
    List<ConfigSchema.Property> properties = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : props.properties()) {
      properties.add(property(e.getKey(), e.getValue()));
    }
    List<String> required = stringList(node.get("required"), CONFIG_SCHEMA + ".required");
    return Optional.of(new ConfigSchema(properties, required == null ? List.of() : required));
  }

  private static ConfigSchema.Property property(String name, JsonNode p) throws ArtefactException {
    String field = CONFIG_SCHEMA + ".properties." + name;
    if (!p.isObject()) {
      throw wrongType(field, "an object", p);
    }
    checkKnown(p, PROPERTY_FIELDS, "manifest field '" + field + "'");
    ConfigSchema.Type type;
    try {
      type = ConfigSchema.Type.valueOf(p.path("type").asText("").toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid(
          "manifest field '"
              + field
              + ".type' should be string, integer, number or"
              + " boolean, got "
              + Text.quote(p.path("type").asText("")));
    }
    List<String> enumValues = new ArrayList<>();
    if (p.has("enum")) {
      if (!p.get("enum").isArray()) {
        throw wrongType(field + ".enum", "a list", p.get("enum"));
      }
      for (JsonNode v : p.get("enum")) {
        if (!v.isValueNode() || v.isNull()) {
          throw wrongType(field + ".enum", "a list of values", v);
        }
        enumValues.add(v.asText());
      }
    }
    return new ConfigSchema.Property(
        name,
        type,
        enumValues,
        bound(p, "minimum", field),
        bound(p, "maximum", field),
        (int) count(p, "minLength", field),
        (int) count(p, "maxLength", field),
        optionalString(p, "pattern"),
        optionalString(p, "description").orElse(""));
  }

  private static OptionalDouble bound(JsonNode p, String key, String field)
      throws ArtefactException {
    JsonNode v = p.get(key);
    if (v == null || v.isNull()) {
      return OptionalDouble.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw wrongType(field + "." + key, "an integer", v);
    }
    return OptionalDouble.of(v.longValue());
  }

  private static long count(JsonNode p, String key, String field) throws ArtefactException {
    JsonNode v = p.get(key);
    if (v == null || v.isNull()) {
      return -1;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.intValue() < 0) {
      throw wrongType(field + "." + key, "a non-negative integer", v);
    }
    return v.intValue();
  }
}
