package dev.airlock.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.host.HostEvent;
import dev.airlock.host.PluginLog;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** JSON for the API. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses a request body; 400 when it is not JSON. */
  static JsonNode read(byte[] body) {
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n == null || !n.isObject()) {
        throw ApiException.badRequest("the request body must be a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "the request body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("the request body cannot be read: " + e.getMessage());
    }
  }

  static Map<String, Object> event(HostEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", e.time().toString());
    m.put("plugin", e.plugin());
    m.put("type", e.type().name().toLowerCase(Locale.ROOT));
    m.put("message", e.message());
    return m;
  }

  static Map<String, Object> log(PluginLog l) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", l.time().toString());
    m.put("hook", l.hook());
    m.put("level", l.line().level().name().toLowerCase(Locale.ROOT));
    m.put("message", l.line().message());
    return m;
  }
}
