package dev.airlock.host;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the settings file ({@code .toml}, {@code .json}, {@code .yaml} or {@code .yml}) into its
 * {@code [plugins]} values and {@code [[providers]]} entries. Strict: UTF-8, duplicate keys
 * refused, and every unknown key is refused by its place, with the nearest known key suggested.
 */
final class SettingsFile {
  private static final int MAX_BYTES = 1 << 20;
  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(32).build();

  /**
   * The file's content.
   *
   * @param label the file as the user gave it, for messages and origins
   * @param base the file's directory, against which relative paths resolve
   * @param plugins the {@code [plugins]} values by key
   * @param providers the {@code [[providers]]} entries, in order
   */
  record Content(String label, Path base, Map<String, JsonNode> plugins, List<JsonNode> providers) {
    static final Content NONE = new Content("", Path.of(""), Map.of(), List.of());
  }

  private SettingsFile() {}

  static Content read(Path file) throws SettingsException, IOException {
    String label = file.toString();
    ObjectMapper mapper = mapper(file, label);
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length > MAX_BYTES) {
      throw problem(label, "", "is larger than 1 MiB; a settings file is small");
    }
    JsonNode root = parse(file, mapper, utf8(bytes, label), label);
    checkKeys(label, root, "", SettingsCatalog.SECTIONS);
    Path parent = file.toAbsolutePath().getParent();
    return new Content(label, parent, plugins(root, label), providers(root, label));
  }

  private static JsonNode parse(Path file, ObjectMapper mapper, String text, String label)
      throws SettingsException {
    JsonNode root;
    try {
      root = text.isBlank() ? mapper.createObjectNode() : mapper.readTree(text);
    } catch (JsonProcessingException e) {
      String where = dev.airlock.internal.JsonErrors.where(e);
      throw problem(label, "", "is not valid " + syntax(file) + ": " + firstLine(e) + where);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return mapper.createObjectNode();
    }
    if (!root.isObject()) {
      throw problem(label, "", "should hold a table with [plugins] and [[providers]]");
    }
    return root;
  }

  private static Map<String, JsonNode> plugins(JsonNode root, String label)
      throws SettingsException {
    Map<String, JsonNode> plugins = new LinkedHashMap<>();
    JsonNode p = root.get("plugins");
    if (p != null) {
      if (!p.isObject()) {
        throw problem(label, "plugins", "should be a table of settings");
      }
      checkKeys(label, p, "plugins.", SettingsCatalog.keys());
      p.properties().forEach(e -> plugins.put(e.getKey(), e.getValue()));
    }
    return plugins;
  }

  private static List<JsonNode> providers(JsonNode root, String label) throws SettingsException {
    List<JsonNode> providers = new ArrayList<>();
    JsonNode list = root.get("providers");
    if (list != null) {
      if (!list.isArray()) {
        throw problem(label, "providers", "should be a list of [[providers]] tables");
      }
      for (int i = 0; i < list.size(); i++) {
        JsonNode entry = list.get(i);
        if (!entry.isObject()) {
          throw problem(label, "providers[" + i + "]", "should be a table (name, path, config)");
        }
        checkKeys(label, entry, "providers[" + i + "].", SettingsCatalog.PROVIDER_KEYS);
        providers.add(entry);
      }
    }
    return providers;
  }

  static ObjectMapper mapper(Path file, String label) throws SettingsException {
    return switch (syntax(file)) {
      case "TOML" ->
          TomlMapper.builder(TomlFactory.builder().streamReadConstraints(LIMITS).build())
              .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
              .build();
      case "JSON" ->
          JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
              .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
              .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
              .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .build();
      case "YAML" ->
          YAMLMapper.builder(YAMLFactory.builder().streamReadConstraints(LIMITS).build())
              .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
              .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .build();
      default ->
          throw new SettingsException(
              label + ": a settings file should end in .toml, .json, .yaml or .yml",
              SettingsOrigin.file(label, ""),
              "",
              ".toml, .json, .yaml or .yml",
              file.getFileName().toString());
    };
  }

  private static String syntax(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".toml")) {
      return "TOML";
    } else if (n.endsWith(".json")) {
      return "JSON";
    } else if (n.endsWith(".yaml") || n.endsWith(".yml")) {
      return "YAML";
    }
    return "?";
  }

  /** Refuses the first key that is not among {@code known}, suggesting the nearest one. */
  private static void checkKeys(String label, JsonNode table, String prefix, List<String> known)
      throws SettingsException {
    for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (known.contains(key)) {
        continue;
      }
      String hint = nearest(key, known);
      if (hint == null && prefix.isEmpty() && SettingsCatalog.BY_KEY.containsKey(key)) {
        hint = "plugins." + key; // a setting written outside [plugins]
      }
      throw new SettingsException(
          label
              + ": unknown key '"
              + prefix
              + key
              + "'"
              + (hint != null
                  ? " (did you mean '" + hint + "'?)"
                  : " (known keys: " + String.join(", ", known) + ")"),
          SettingsOrigin.file(label, prefix + key),
          prefix + key,
          String.join(", ", known),
          prefix + key);
    }
  }

  /** The known key within a small edit distance of {@code key}, or null. */
  static String nearest(String key, List<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(key.toLowerCase(Locale.ROOT), k);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, key.length() / 4) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String utf8(byte[] bytes, String label) throws SettingsException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw problem(label, "", "is not valid UTF-8");
    }
  }

  private static String firstLine(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }

  static SettingsException problem(String label, String key, String what) {
    return new SettingsException(
        label + (key.isEmpty() ? " " : ": " + key + " ") + what,
        SettingsOrigin.file(label, key),
        key,
        null,
        null);
  }
}
