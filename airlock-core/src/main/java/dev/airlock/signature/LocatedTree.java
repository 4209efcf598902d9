package dev.airlock.signature;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.airlock.internal.JsonErrors;
import dev.airlock.signature.SignatureException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A YAML or JSON document as a Jackson tree plus the line and column of every field, so policy
 * errors can say where they are. Duplicate keys and YAML aliases are refused.
 */
final class LocatedTree {
  static final int MAX_BYTES = 256 * 1024;
  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(MAX_BYTES).build();
  private static final ObjectMapper JSON =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();
  private static final ObjectMapper YAML =
      YAMLMapper.builder(YAMLFactory.builder().streamReadConstraints(LIMITS).build())
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  final JsonNode root;
  private final Map<String, String> positions;
  private final String what;

  private LocatedTree(JsonNode root, Map<String, String> positions, String what) {
    this.root = root;
    this.positions = positions;
    this.what = what;
  }

  static LocatedTree parse(byte[] bytes, String what) throws SignatureException {
    if (bytes.length > MAX_BYTES) {
      throw bad(what + " is " + bytes.length + " bytes; the limit is " + MAX_BYTES);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    ObjectMapper mapper = text.stripLeading().startsWith("{") ? JSON : YAML;
    try {
      Map<String, String> positions = scan(mapper, bytes);
      JsonNode root = mapper.readTree(bytes);
      if (root == null || !root.isObject()) {
        throw bad(what + " should be a mapping at the top level");
      }
      return new LocatedTree(root, positions, what);
    } catch (JsonProcessingException e) {
      throw bad(
          what + " is not valid YAML/JSON" + JsonErrors.where(e) + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw bad(what + " cannot be read: " + e.getMessage());
    }
  }

  /** One open object or array while scanning. */
  private static final class Frame {
    final String path;
    final boolean array;
    int index;
    String key = "";

    Frame(String path, boolean array) {
      this.path = path;
      this.array = array;
    }

    String child() {
      if (array) {
        return path + "[" + index++ + "]";
      }
      return path.isEmpty() ? key : path + "." + key;
    }
  }

  /** Records " (line L, column C)" for each field path, e.g. {@code anyOf.signatures[1].key}. */
  private static Map<String, String> scan(ObjectMapper mapper, byte[] bytes) throws IOException {
    Map<String, String> positions = new HashMap<>();
    Deque<Frame> stack = new ArrayDeque<>();
    try (JsonParser p = mapper.createParser(bytes)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        Frame top = stack.peek();
        if (t == JsonToken.FIELD_NAME && top != null) {
          top.key = p.currentName();
          var loc = p.currentTokenLocation();
          positions.putIfAbsent(
              top.child(),
              String.format(
                  Locale.ROOT, " (line %d, column %d)", loc.getLineNr(), loc.getColumnNr()));
        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          stack.push(new Frame(top == null ? "" : top.child(), t == JsonToken.START_ARRAY));
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          stack.pop();
        } else if (top != null && top.array) {
          top.index++;
        }
      }
    }
    return positions;
  }

  /** Where a field is, or the empty string when unknown. */
  String at(String path) {
    return positions.getOrDefault(path, "");
  }

  SignatureException error(String path, String message) {
    return bad(what + ": " + path + at(path) + " " + message);
  }

  static SignatureException bad(String message) {
    return new SignatureException(Reason.BAD_POLICY, message);
  }
}
