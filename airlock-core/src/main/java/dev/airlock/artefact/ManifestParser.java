package dev.airlock.artefact;

import static dev.airlock.artefact.ManifestJson.*;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.internal.Text;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Reads {@code manifest.json}: strict UTF-8 JSON, bounded, every field typed and checked. */
final class ManifestParser {
  /** Manifests are small; anything bigger is refused before parsing. */
  static final int MAX_BYTES = 64 * 1024;

  private static final int MAX_DEPTH = 8;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(MAX_DEPTH)
                          .maxStringLength(MAX_BYTES)
                          .maxNumberLength(32)
                          .build())
                  .build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ManifestParser() {}

  static Manifest parse(byte[] bytes) throws ArtefactException {
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(bytes.length);
    }
    JsonNode root = readTree(decodeUtf8(bytes));
    if (!root.isObject()) {
      throw invalid("manifest.json should be a JSON object, got " + kind(root));
    }
    checkSchemaVersion(root);
    checkKnown(root, FIELDS, "manifest.json");
    try {
      return new Manifest(
          requiredString(root, SCHEMA_VERSION),
          requiredString(root, NAME),
          SemanticVersion.parse(requiredString(root, VERSION)),
          optionalString(root, DESCRIPTION).orElse(""),
          optionalString(root, LICENSE).orElse(""),
          hooks(root),
          requiredString(root, WASM_SHA256),
          optionalString(root, ABI).map(Abi::of),
          permissions(root.get(PERMISSIONS)),
          optionalString(root, SIGNATURE_ALGORITHM),
          packedAt(requiredString(root, PACKED_AT)),
          optionalString(root, AUTHOR).orElse(""),
          optionalString(root, HOMEPAGE).orElse(""),
          ConfigSchemaParser.configSchema(root.get(CONFIG_SCHEMA)));
    } catch (IllegalArgumentException e) {
      throw invalid("invalid manifest.json: " + e.getMessage());
    }
  }

  static ArtefactException tooLarge(long size) {
    return new ArtefactException(
        Reason.TOO_LARGE,
        "artefact manifest.json is " + size + " bytes, over the " + MAX_BYTES + "-byte limit",
        String.valueOf(MAX_BYTES),
        String.valueOf(size),
        null);
  }

  private static String decodeUtf8(byte[] bytes) throws ArtefactException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid("manifest.json is not valid UTF-8");
    }
  }

  private static JsonNode readTree(String text) throws ArtefactException {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw invalid("manifest.json is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where = dev.airlock.internal.JsonErrors.where(e);
      throw invalid("manifest.json is not valid JSON: " + e.getOriginalMessage() + where);
    }
  }

  private static void checkSchemaVersion(JsonNode root) throws ArtefactException {
    JsonNode v = root.get(SCHEMA_VERSION);
    if (v == null || v.isNull()) {
      throw invalid("manifest.json is missing '" + SCHEMA_VERSION + "'");
    }
    if (!v.isTextual()) {
      throw wrongType(SCHEMA_VERSION, "a string like \"1.0\"", v);
    }
    String text = v.textValue();
    if (!text.matches("1\\.\\d{1,4}")) {
      throw new ArtefactException(
          Reason.SCHEMA_VERSION,
          "unsupported artefact schema version: " + Text.quote(text).replace("'", ""),
          "1.x",
          text,
          null);
    }
  }

  static void checkKnown(JsonNode object, List<String> known, String where)
      throws ArtefactException {
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        unknown.add(Text.quote(field));
      }
    }
    if (!unknown.isEmpty()) {
      throw invalid(
          where
              + " has unknown field"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join(", ", unknown)
              + " (allowed: "
              + String.join(", ", known)
              + ")");
    }
  }

  private static List<String> hooks(JsonNode root) throws ArtefactException {
    List<String> hooks = stringList(root.get(HOOKS), HOOKS);
    if (hooks == null) {
      throw invalid("manifest.json is missing '" + HOOKS + "'");
    }
    if (hooks.isEmpty()) {
      throw invalid("manifest field 'hooks' should name at least one export");
    }
    return hooks;
  }

  private static Permissions permissions(JsonNode node) throws ArtefactException {
    if (node == null || node.isNull()) {
      return Permissions.NONE;
    }
    if (!node.isObject()) {
      throw wrongType(PERMISSIONS, "an object", node);
    }
    checkKnown(node, PERMISSION_FIELDS, "manifest field 'permissions'");
    List<PathGrant> paths = new ArrayList<>();
    JsonNode pathsNode = node.get(ALLOWED_PATHS);
    if (pathsNode != null && !pathsNode.isNull()) {
      if (!pathsNode.isArray()) {
        throw wrongType("permissions." + ALLOWED_PATHS, "a list of objects", pathsNode);
      }
      for (JsonNode g : pathsNode) {
        paths.add(pathGrant(g));
      }
    }
    List<String> hosts = stringList(node.get(ALLOWED_HOSTS), "permissions." + ALLOWED_HOSTS);
    List<String> env = stringList(node.get(ENV), "permissions." + ENV);
    OptionalLong pages = integer(node, MAX_MEMORY_PAGES);
    if (pages.isPresent() && (pages.getAsLong() < 1 || pages.getAsLong() > Permissions.MAX_PAGES)) {
      throw invalid(
          "invalid manifest.json: max_memory_pages should be 1..65536, got " + pages.getAsLong());
    }
    return new Permissions(
        pages.isPresent() ? OptionalInt.of((int) pages.getAsLong()) : OptionalInt.empty(),
        integer(node, MAX_EXECUTION_MS),
        integer(node, MAX_CPU_MS),
        paths,
        hosts == null ? List.of() : hosts,
        env == null ? List.of() : env);
  }

  private static PathGrant pathGrant(JsonNode g) throws ArtefactException {
    String field = "permissions." + ALLOWED_PATHS;
    if (!g.isObject()) {
      throw wrongType(field + "[]", "an object {host, guest, writable}", g);
    }
    checkKnown(g, PATH_GRANT_FIELDS, "manifest field '" + field + "[]'");
    JsonNode writable = g.get("writable");
    if (writable != null && !writable.isBoolean() && !writable.isNull()) {
      throw wrongType(field + "[].writable", "a boolean", writable);
    }
    return new PathGrant(
        requiredString(g, "host"),
        requiredString(g, "guest"),
        writable != null && writable.booleanValue());
  }

  private static OptionalLong integer(JsonNode object, String field) throws ArtefactException {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return OptionalLong.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw wrongType("permissions." + field, "an integer", v);
    }
    return OptionalLong.of(v.longValue());
  }

  static List<String> stringList(JsonNode v, String field) throws ArtefactException {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw wrongType(field, "a list of strings", v);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : v) {
      if (!item.isTextual()) {
        throw wrongType(field, "a list of strings", item);
      }
      out.add(item.textValue());
    }
    return out;
  }

  private static String requiredString(JsonNode object, String field) throws ArtefactException {
    return optionalString(object, field)
        .orElseThrow(() -> invalid("manifest.json is missing '" + field + "'"));
  }

  static Optional<String> optionalString(JsonNode object, String field) throws ArtefactException {
    JsonNode v = object.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw wrongType(field, "a string", v);
    }
    return Optional.of(v.textValue());
  }

  private static Instant packedAt(String text) throws ArtefactException {
    try {
      return Instant.from(PACKED_AT_FORMAT.parse(text));
    } catch (DateTimeParseException e) {
      throw invalid(
          "manifest field 'packed_at' should be a UTC time like 2026-01-31T12:00:00Z,"
              + " got "
              + Text.quote(text));
    }
  }

  static ArtefactException wrongType(String field, String expected, JsonNode found) {
    return new ArtefactException(
        Reason.MANIFEST,
        "manifest field '" + field + "' should be " + expected + ", got " + kind(found),
        expected,
        kind(found),
        null);
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  static ArtefactException invalid(String message) {
    return new ArtefactException(Reason.MANIFEST, message);
  }
}
