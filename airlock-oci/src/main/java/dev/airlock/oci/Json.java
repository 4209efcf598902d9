package dev.airlock.oci;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** Strict JSON for registry documents: duplicate keys refused, nesting and sizes bounded. */
final class Json {
  static final ObjectMapper MAPPER = mapper();

  private Json() {}

  private static ObjectMapper mapper() {
    JsonMapper m =
        JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    m.getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(32)
                .maxStringLength(4 * 1024 * 1024)
                .build());
    m.getFactory().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    return m;
  }

  /**
   * Parses a JSON object.
   *
   * @param bytes the document
   * @param what what it is, for the message
   * @return the object
   * @throws OciException (PROTOCOL) when it is not a JSON object
   */
  static JsonNode object(byte[] bytes, String what) throws OciException {
    JsonNode n;
    try {
      n = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          what + " is not valid JSON: " + firstLine(e.getMessage()),
          null,
          null,
          e);
    }
    if (n == null || !n.isObject()) {
      throw new OciException(OciException.Kind.PROTOCOL, what + " should be a JSON object");
    }
    return n;
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
