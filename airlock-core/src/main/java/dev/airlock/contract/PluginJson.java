package dev.airlock.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.internal.Text;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * JSON to and from plugins. Replies are read strictly: UTF-8 only, one object, no duplicate keys,
 * nesting capped, no trailing data, and unknown fields refused (a typo such as {@code "reasn"} is a
 * bug the author should see, not a silently ignored field).
 */
final class PluginJson {
  static final int MAX_DEPTH = 64;

  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxNumberLength(100)
                          .build())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private PluginJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e); // trees always serialize
    }
  }

  /** Parses a reply that must be one JSON object. */
  static ObjectNode parse(byte[] output) throws BadReply {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(output))
              .toString();
    } catch (CharacterCodingException e) {
      throw BadReply.malformed("output of " + output.length + " bytes is not valid UTF-8 JSON");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw BadReply.malformed(
          "output " + Text.quote(text) + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw BadReply.malformed(
          "output " + Text.quote(text) + " should be a JSON object, got " + kind(node));
    }
    return (ObjectNode) node;
  }

  /** Refuses fields not in {@code fields}, naming them and the ones expected. */
  static void known(ObjectNode n, String where, Set<String> fields) throws BadReply {
    Set<String> unknown = new TreeSet<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        unknown.add(Text.quote(f));
      }
    }
    if (!unknown.isEmpty()) {
      throw BadReply.malformed(
          where
              + " has unknown field(s) "
              + unknown
              + " (expected: "
              + new TreeSet<>(fields)
              + ")");
    }
  }

  /** The required {@code "action"}, one of {@code allowed}. */
  static String action(ObjectNode n, List<String> allowed) throws BadReply {
    String action = string(n, "action", "reply");
    if (!allowed.contains(action)) {
      throw BadReply.malformed(
          "unknown action "
              + Text.quote(action)
              + " (expected one of: "
              + String.join(", ", allowed)
              + ")");
    }
    return action;
  }

  static String string(ObjectNode n, String field, String where) throws BadReply {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw BadReply.malformed(where + " is missing '" + field + "'");
    }
    if (!v.isTextual()) {
      throw BadReply.malformed(where + " field '" + field + "' should be a string, got " + kind(v));
    }
    return v.textValue();
  }

  static Optional<String> optionalString(ObjectNode n, String field, String where) throws BadReply {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(string(n, field, where));
  }

  static boolean bool(ObjectNode n, String field, String where) throws BadReply {
    JsonNode v = n.get(field);
    if (v == null || !v.isBoolean()) {
      throw BadReply.malformed(
          where + " field '" + field + "' should be true or false, got " + kind(v));
    }
    return v.booleanValue();
  }

  static long nonNegativeLong(ObjectNode n, String field, String where) throws BadReply {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.longValue() < 0) {
      throw BadReply.malformed(
          where + " field '" + field + "' should be a whole number >= 0, got " + kind(v));
    }
    return v.longValue();
  }

  static ObjectNode objectField(ObjectNode n, String field, String where) throws BadReply {
    JsonNode v = n.get(field);
    if (v == null || !v.isObject()) {
      throw BadReply.malformed(
          where + " field '" + field + "' should be an object, got " + kind(v));
    }
    return (ObjectNode) v;
  }

  /** An optional array of strings; empty when absent. */
  static List<String> strings(ObjectNode n, String field, String where) throws BadReply {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw BadReply.malformed(
          where + " field '" + field + "' should be an array of strings, got " + kind(v));
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw BadReply.malformed(
            where + " field '" + field + "' should hold only strings, got " + kind(e));
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** An optional object of string values; empty when absent. Keeps the plugin's order. */
  static Map<String, String> stringMap(ObjectNode n, String field, String where) throws BadReply {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw BadReply.malformed(
          where + " field '" + field + "' should be an object of string values, got " + kind(v));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : v.properties()) {
      if (!e.getValue().isTextual()) {
        throw BadReply.malformed(
            where
                + " field '"
                + field
                + "' value of "
                + Text.quote(e.getKey())
                + " should be a string, got "
                + kind(e.getValue()));
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  static ArrayNode stringArray(List<String> values) {
    ArrayNode a = MAPPER.createArrayNode();
    values.forEach(a::add);
    return a;
  }

  static ObjectNode stringObject(Map<String, String> values) {
    ObjectNode o = object();
    values.forEach(o::put);
    return o;
  }

  static String kind(JsonNode v) {
    if (v == null || v.isMissingNode()) {
      return "nothing";
    }
    return switch (v.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
