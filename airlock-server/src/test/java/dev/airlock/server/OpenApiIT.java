package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served OpenAPI document names exactly the registered routes, with their access. */
class OpenApiIT {
  @TempDir Path data;

  @Test
  void document_matchesTheRegisteredRoutes() throws Exception {
    try (ServerFixture s = ServerFixture.start(data)) {
      var r = s.send("GET", "/api/v1/openapi.json", null, null, null);
      assertThat(r.status()).isEqualTo(200);
      JsonNode doc = r.json();
      assertThat(doc.get("openapi").asText()).startsWith("3.");
      Set<String> documented = new TreeSet<>();
      for (var path : doc.get("paths").properties()) {
        for (var op : path.getValue().properties()) {
          documented.add(
              op.getKey().toUpperCase(Locale.ROOT)
                  + " "
                  + path.getKey()
                  + " "
                  + op.getValue().path("x-airlock-access").asText("?"));
        }
      }
      Set<String> registered = new TreeSet<>();
      for (Route route : s.server.routes()) {
        registered.add(route.method() + " " + route.path() + " " + route.access().label());
      }
      assertThat(documented).isEqualTo(registered);
    }
  }

  @Test
  void pluginSchema_namesExactlyTheFieldsOfARealRecord() throws Exception {
    try (ServerFixture s = ServerFixture.start(data)) {
      assertThat(s.installExample("upload-policy").status()).isEqualTo(201);
      JsonNode real = s.get("/api/v1/plugins").json().get("items").get(0);
      JsonNode schema =
          s.send("GET", "/api/v1/openapi.json", null, null, null)
              .json()
              .path("components")
              .path("schemas")
              .path("Plugin");
      assertSameNames("Plugin", ApiIT.keys(schema.path("properties")), ApiIT.keys(real));
      assertSameNames(
          "Plugin.stats",
          ApiIT.keys(schema.path("properties").path("stats").path("properties")),
          ApiIT.keys(real.get("stats")));
    }
  }

  @Test
  void listFilters_documentTheValuesTheServerAccepts() throws Exception {
    try (ServerFixture s = ServerFixture.start(data)) {
      JsonNode parameters =
          s.send("GET", "/api/v1/openapi.json", null, null, null)
              .json()
              .path("paths")
              .path("/api/v1/plugins")
              .path("get")
              .path("parameters");
      Map<String, List<String>> documented = new TreeMap<>();
      for (JsonNode p : parameters) {
        List<String> values = new ArrayList<>();
        p.path("schema").path("enum").forEach(v -> values.add(v.asText()));
        documented.put(p.get("name").asText(), values);
      }
      assertThat(documented)
          .isEqualTo(Map.of("status", PluginView.STATUSES, "type", PluginView.TYPES));
    }
  }

  private static void assertSameNames(String what, Set<String> documented, Set<String> served) {
    Set<String> undocumented = new TreeSet<>(served);
    undocumented.removeAll(documented);
    Set<String> notServed = new TreeSet<>(documented);
    notServed.removeAll(served);
    assertThat(documented)
        .as(
            "%s properties in openapi.json vs keys of a real response: served but not documented"
                + " %s, documented but not served %s",
            what, undocumented, notServed)
        .isEqualTo(served);
  }
}
