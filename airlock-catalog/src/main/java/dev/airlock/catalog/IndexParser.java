package dev.airlock.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.catalog.CatalogException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Strict reader for index bytes; every message names the origin, the entry and the field. */
final class IndexParser {
  /** Largest index accepted: 10,000 entries take about 3 MiB. */
  static final int MAX_BYTES = 64 * 1024 * 1024;

  private static final Set<String> ROOT_FIELDS =
      Set.of("schema_version", "index_version", "expires", "plugins");
  private static final Set<String> ENTRY_FIELDS =
      Set.of("name", "version", "description", "artifact", "sha256", "signature", "size");
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  static {
    JSON.getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build());
  }

  private IndexParser() {}

  static Index parse(byte[] bytes, String origin) throws CatalogException {
    String where = "index " + origin + ": ";
    if (bytes.length > MAX_BYTES) {
      throw bad(where + "larger than " + MAX_BYTES + " bytes (" + bytes.length + ")");
    }
    if (bytes.length == 0) {
      throw bad(where + "is empty; expected a JSON object with schema_version and plugins");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw bad(where + "is not valid UTF-8");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw bad(where + "is not valid JSON: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) {
      throw bad(where + "should be a JSON object with schema_version and plugins");
    }
    JsonNode schema = root.get("schema_version");
    if (schema == null || !schema.isTextual()) {
      throw bad(where + "schema_version should be the string \"1\", got " + show(schema));
    }
    if (!schema.asText().equals(Index.SCHEMA_VERSION)) {
      throw bad(
          where
              + "schema_version '"
              + schema.asText()
              + "' is not supported (this reader knows \"1\"): upgrade Airlock");
    }
    unknown(root, ROOT_FIELDS, where);
    OptionalLong indexVersion = OptionalLong.empty();
    if (root.has("index_version")) {
      JsonNode v = root.get("index_version");
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
        throw bad(where + "index_version should be a non-negative integer, got " + show(v));
      }
      indexVersion = OptionalLong.of(v.asLong());
    }
    Optional<Instant> expires = Optional.empty();
    if (root.has("expires")) {
      JsonNode v = root.get("expires");
      try {
        expires = Optional.of(Instant.parse(v.textValue()));
      } catch (DateTimeParseException | NullPointerException e) {
        throw bad(where + "expires should be a UTC time like 2026-12-31T00:00:00Z, got " + show(v));
      }
    }
    JsonNode plugins = root.get("plugins");
    if (plugins == null || !plugins.isArray()) {
      throw bad(where + "plugins should be an array, got " + show(plugins));
    }
    List<IndexEntry> entries = new ArrayList<>(plugins.size());
    Map<String, Integer> seen = new HashMap<>();
    Map<String, Integer> artefacts = new HashMap<>();
    for (int i = 0; i < plugins.size(); i++) {
      IndexEntry e = entry(plugins.get(i), where + "plugins[" + i + "]");
      Integer dup = seen.putIfAbsent(e.coordinate(), i);
      if (dup != null) {
        throw bad(
            where
                + "duplicate entry '"
                + e.coordinate()
                + "' at plugins["
                + dup
                + "] and plugins["
                + i
                + "]; each name@version may appear once");
      }
      for (String key : List.of("sha256:" + e.sha256(), "artifact:" + e.artifact())) {
        Integer other = artefacts.putIfAbsent(key, i);
        if (other != null) {
          throw bad(
              where
                  + "plugins["
                  + i
                  + "] ('"
                  + e.coordinate()
                  + "') points at the same artefact as plugins["
                  + other
                  + "] ('"
                  + entries.get(other).coordinate()
                  + "') (same "
                  + key.substring(0, key.indexOf(':'))
                  + "); every entry needs its own artefact");
        }
      }
      entries.add(e);
    }
    return new Index(indexVersion, expires, entries);
  }

  private static IndexEntry entry(JsonNode n, String where) throws CatalogException {
    if (n == null || !n.isObject()) {
      throw bad(where + " should be an object, got " + show(n));
    }
    String name = text(n, "name", where, true);
    String at = where + " ('" + name + "')";
    unknown(n, ENTRY_FIELDS, at + ": ");
    try {
      dev.airlock.artefact.Manifest.checkName(name);
    } catch (IllegalArgumentException e) {
      throw bad(at + ": " + e.getMessage());
    }
    String versionText = text(n, "version", at, true);
    SemanticVersion version;
    try {
      version = SemanticVersion.parse(versionText);
    } catch (IllegalArgumentException e) {
      throw bad(at + ": " + e.getMessage());
    }
    String artifact = text(n, "artifact", at, true);
    if (artifact.isEmpty() || artifact.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw bad(at + ": artifact should be a path or URL without control characters");
    }
    String sha = text(n, "sha256", at, true);
    String problem = Sha256.problem(sha);
    if (!problem.isEmpty()) {
      throw bad(at + ": sha256 " + problem);
    }
    Optional<String> signature = Optional.ofNullable(text(n, "signature", at, false));
    if (signature.isPresent()) {
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(signature.get().strip());
      } catch (IllegalArgumentException e) {
        throw bad(at + ": signature should be base64, got '" + cut(signature.get()) + "'");
      }
      if (raw.length != 64) {
        throw bad(at + ": signature should decode to 64 bytes (Ed25519), got " + raw.length);
      }
    }
    OptionalLong size = OptionalLong.empty();
    if (n.has("size")) {
      JsonNode s = n.get("size");
      if (!s.isIntegralNumber() || !s.canConvertToLong() || s.asLong() < 0) {
        throw bad(at + ": size should be a non-negative integer, got " + show(s));
      }
      size = OptionalLong.of(s.asLong());
    }
    Optional<String> description = Optional.ofNullable(text(n, "description", at, false));
    return new IndexEntry(name, version, description, artifact, sha, signature, size);
  }

  private static String text(JsonNode n, String field, String where, boolean required)
      throws CatalogException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw bad(where + ": " + field + " is missing");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw bad(where + ": " + field + " should be a string, got " + show(v));
    }
    return v.textValue();
  }

  private static void unknown(JsonNode n, Set<String> known, String where) throws CatalogException {
    List<String> extra = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        extra.add(f);
      }
    }
    if (!extra.isEmpty()) {
      throw bad(
          where
              + "unknown field"
              + (extra.size() > 1 ? "s " : " ")
              + String.join(", ", extra)
              + " (known: "
              + String.join(", ", known.stream().sorted().toList())
              + ")");
    }
  }

  private static String show(JsonNode v) {
    if (v == null) {
      return "nothing";
    }
    return v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " " + cut(v.toString());
  }

  private static String cut(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }

  private static String firstLine(String s) {
    int i = s == null ? -1 : s.indexOf('\n');
    return i < 0 ? String.valueOf(s) : s.substring(0, i);
  }

  private static CatalogException bad(String message) {
    return new CatalogException(Reason.BAD_INDEX, message);
  }
}
