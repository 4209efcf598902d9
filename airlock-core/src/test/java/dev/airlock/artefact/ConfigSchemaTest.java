package dev.airlock.artefact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {
  static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{"
          + "\"mode\":{\"type\":\"string\",\"enum\":[\"strict\",\"lenient\"]},"
          + "\"max_rows\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":10000},"
          + "\"tables\":{\"type\":\"string\",\"pattern\":\"[a-z_,]*\",\"maxLength\":64},"
          + "\"audit\":{\"type\":\"boolean\",\"description\":\"log every decision\"}},"
          + "\"required\":[\"max_rows\"]}";

  static Manifest withSchema(String schema) throws ArtefactException {
    String json = new String(Fixtures.manifestJson(), StandardCharsets.UTF_8);
    return Manifest.parse(
        (json.substring(0, json.length() - 1) + ",\"config_schema\":" + schema + "}")
            .getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parse_schema_roundTripsThroughCanonicalJson() throws Exception {
    Manifest m = withSchema(SCHEMA);
    assertThat(Manifest.parse(m.toJson())).isEqualTo(m);
    assertThat(m.configSchema().orElseThrow().required()).containsExactly("max_rows");
  }

  @Test
  void validate_goodConfig_noProblems() throws Exception {
    ConfigSchema s = withSchema(SCHEMA).configSchema().orElseThrow();
    assertThat(
            s.validate(
                Map.of("mode", "strict", "max_rows", "500", "tables", "a,b", "audit", "true")))
        .isEmpty();
  }

  @Test
  void validate_everyRule_namesFieldAndRule() throws Exception {
    ConfigSchema s = withSchema(SCHEMA).configSchema().orElseThrow();
    assertThat(
            s.validate(
                Map.of("mode", "loose", "tables", "A;drop", "audit", "yes", "colour", "red")))
        .containsExactly(
            "field 'max_rows' is required",
            "field 'audit' must be true or false, got 'yes'",
            "field 'colour' is not in the plugin's config_schema (known: [audit, max_rows, mode,"
                + " tables])",
            "field 'mode' must be one of [strict, lenient], got 'loose'",
            "field 'tables' must match the pattern [a-z_,]*, got 'A;drop'");
    assertThat(s.validate(Map.of("max_rows", "0")))
        .containsExactly("field 'max_rows' must be at least 1, got 0");
    assertThat(s.validate(Map.of("max_rows", "1.5")))
        .containsExactly("field 'max_rows' must be an integer, got '1.5'");
    assertThat(s.validate(Map.of("max_rows", "5", "tables", "a".repeat(65))))
        .containsExactly("field 'tables' must be at most 64 characters, got 65");
  }

  @Test
  void parse_badSchemas_refusedWithTheField() {
    assertThatThrownBy(() -> withSchema("{\"properties\":{\"x\":{\"type\":\"date\"}}}"))
        .hasMessage(
            "manifest field 'config_schema.properties.x.type' should be string, integer,"
                + " number or boolean, got 'date'");
    assertThatThrownBy(
            () ->
                withSchema(
                    "{\"properties\":{\"x\":{\"type\":\"string\"," + "\"format\":\"email\"}}}"))
        .hasMessageStartingWith(
            "manifest field 'config_schema.properties.x' has unknown field" + " 'format'");
    assertThatThrownBy(() -> withSchema("{\"properties\":{},\"required\":[\"y\"]}"))
        .hasMessage(
            "invalid manifest.json: config_schema requires 'y', which is not one of its"
                + " properties");
    assertThatThrownBy(
            () ->
                withSchema("{\"properties\":{\"x\":{\"type\":\"string\"," + "\"pattern\":\"[\"}}}"))
        .hasMessageStartingWith(
            "invalid manifest.json: config_schema pattern '[' is not a valid"
                + " regular expression");
  }
}
