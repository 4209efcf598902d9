package dev.airlock.artefact;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.airlock.artefact.ArtefactException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses small metadata files (sidecar manifests, {@code plugin.toml}) in JSON, YAML or TOML into
 * Jackson trees, as strictly as {@code manifest.json}: strict UTF-8, duplicate keys refused, one
 * document and nothing after it, nesting at most 8 deep, and in YAML no anchors, aliases or
 * explicit tags (a sidecar is plain data; an alias would also be a way to blow up the tree).
 */
final class StructuredText {
  /** The syntaxes read. */
  enum Syntax {
    JSON,
    YAML,
    TOML
  }

  static final int MAX_BYTES = 64 * 1024;
  private static final int MAX_DEPTH = 8;

  // A backstop; the token scan refuses anything deeper than MAX_DEPTH first, with a clearer
  // message.
  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(2 * MAX_DEPTH)
          .maxStringLength(MAX_BYTES)
          .maxNumberLength(32)
          .build();

  private static final ObjectMapper JSON =
      JsonMapper.builder(JsonFactory.builder().streamReadConstraints(LIMITS).build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  // Jackson's YAML parser reports an alias as a plain string and never expands it, so the scan
  // below can refuse aliases before any tree is built.
  private static final ObjectMapper YAML =
      YAMLMapper.builder(YAMLFactory.builder().streamReadConstraints(LIMITS).build())
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final ObjectMapper TOML =
      TomlMapper.builder(TomlFactory.builder().streamReadConstraints(LIMITS).build())
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private StructuredText() {}

  /**
   * Parses {@code bytes}.
   *
   * @param what how messages name the file, e.g. {@code sidecar manifest echo.yaml}
   * @return the root node, never null or missing
   */
  static JsonNode parse(byte[] bytes, Syntax syntax, String what) throws ArtefactException {
    String text = decodeUtf8(bytes, what);
    ObjectMapper mapper =
        switch (syntax) {
          case JSON -> JSON;
          case YAML -> YAML;
          case TOML -> TOML;
        };
    try {
      scan(mapper, text, what);
      JsonNode node = mapper.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw invalid(what + " is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      String where = dev.airlock.internal.JsonErrors.where(e);
      throw invalid(
          what + " is not valid " + syntax + ": " + firstLine(e.getOriginalMessage()) + where);
    } catch (IOException e) {
      throw invalid(what + " could not be parsed: " + e.getMessage());
    }
  }

  /** Walks the tokens once for what the tree would hide: depth, YAML anchors, aliases, tags. */
  private static void scan(ObjectMapper mapper, String text, String what)
      throws IOException, ArtefactException {
    try (JsonParser p = mapper.createParser(text)) {
      int depth = 0;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t.isStructStart() && ++depth > MAX_DEPTH) {
          throw invalid(what + " nests deeper than " + MAX_DEPTH + " levels");
        }
        if (t.isStructEnd()) {
          depth--;
        }
        if (p instanceof YAMLParser y
            && (y.isCurrentAlias() || y.getObjectId() != null || y.getTypeId() != null)) {
          throw invalid(
              what
                  + " uses a YAML anchor, alias or tag at line "
                  + y.currentTokenLocation().getLineNr()
                  + "; a sidecar manifest is plain data");
        }
      }
    }
  }

  private static String decodeUtf8(byte[] bytes, String what) throws ArtefactException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw invalid(what + " is not valid UTF-8");
    }
  }

  /** How a value reads in a message: "a string", "an integer", "a table", … */
  static String kind(JsonNode node, Syntax syntax) {
    return switch (node.getNodeType()) {
      case ARRAY -> syntax == Syntax.TOML ? "an array" : "a list";
      case OBJECT -> syntax == Syntax.TOML ? "a table" : "an object";
      case STRING -> "a string";
      case NUMBER -> node.isIntegralNumber() ? "an integer" : "a float";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().toString().toLowerCase(Locale.ROOT);
    };
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }

  static ArtefactException invalid(String message) {
    return new ArtefactException(Reason.MANIFEST, message);
  }
}
