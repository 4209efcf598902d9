package dev.airlock.catalog;

import static dev.airlock.catalog.Fixtures.entry;
import static dev.airlock.catalog.Fixtures.index;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IndexParserTest {
  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);

  static Index parse(String json) throws CatalogException {
    return Index.parse(json.getBytes(UTF_8), "I");
  }

  static void refused(String json, String message) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(
            CatalogException.class,
            e -> assertThat(e.reason()).isEqualTo(CatalogException.Reason.BAD_INDEX))
        .hasMessage(message);
  }

  @Test
  void heliosDbIndex_parses() throws Exception {
    Index i =
        parse(
            "{\"schema_version\": \"1\", \"plugins\": [{\"name\": \"cost-governor\", \"version\":"
                + " \"1.3.2\", \"description\": \"caps cost\", \"artifact\": \"cost-1.3.2.tar.gz\","
                + " \"sha256\": \""
                + A
                + "\"}]}");
    assertThat(i.plugins())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.coordinate()).isEqualTo("cost-governor@1.3.2");
              assertThat(e.description()).contains("caps cost");
              assertThat(e.signature()).isEmpty();
            });
    assertThat(i.indexVersion()).isEmpty();
  }

  @ParameterizedTest(name = "sha256 ''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|I: plugins[0] ('p'): sha256 is empty; expected 64 lowercase hex digits",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA|I: plugins[0] ('p'):"
            + " sha256 has uppercase hex digits"
            + " ('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'); expected 64"
            + " lowercase hex digits: write it in lowercase",
        "xyz|I: plugins[0] ('p'): sha256 should be 64 lowercase hex digits, got 'xyz' (3"
            + " characters)",
        "sha256:aaaa|I: plugins[0] ('p'): sha256 should be 64 lowercase hex digits, got"
            + " 'sha256:aaaa' (11 characters)",
      })
  void badHash_refusedWithTheRule(String sha, String message) {
    refused(index(entry("p", "1.0.0", "p.tar.gz", sha)), "index " + message);
  }

  @Test
  void duplicateNameVersion_refused() {
    refused(
        index(entry("p", "1.0.0", "a.tar.gz", A), entry("p", "1.0.0", "b.tar.gz", B)),
        "index I: duplicate entry 'p@1.0.0' at plugins[0] and plugins[1]; each name@version may"
            + " appear once");
  }

  @Test
  void twoEntriesOneArtefact_refusedAsMixAndMatch() {
    refused(
        index(entry("a", "1.0.0", "a.tar.gz", A), entry("b", "1.0.0", "b.tar.gz", A)),
        "index I: plugins[1] ('b@1.0.0') points at the same artefact as plugins[0] ('a@1.0.0')"
            + " (same sha256); every entry needs its own artefact");
    refused(
        index(entry("a", "1.0.0", "x.tar.gz", A), entry("a", "2.0.0", "x.tar.gz", B)),
        "index I: plugins[1] ('a@2.0.0') points at the same artefact as plugins[0] ('a@1.0.0')"
            + " (same artifact); every entry needs its own artefact");
  }

  @Test
  void malformedDocuments_refused() {
    refused("", "index I: is empty; expected a JSON object with schema_version and plugins");
    refused("[]", "index I: should be a JSON object with schema_version and plugins");
    refused(
        "{\"schema_version\": 1, \"plugins\": []}",
        "index I: schema_version should be the string \"1\", got number 1");
    refused(
        "{\"schema_version\": \"2\", \"plugins\": []}",
        "index I: schema_version '2' is not supported (this reader knows \"1\"): upgrade Airlock");
    refused(
        "{\"schema_version\": \"1\", \"plugins\": {}}",
        "index I: plugins should be an array, got object {}");
    refused(
        "{\"schema_version\": \"1\", \"plugins\": [], \"mirror\": 1}",
        "index I: unknown field mirror (known: expires, index_version, plugins, schema_version)");
    refused(
        index(
            "{\"name\": \"p\", \"version\": \"1.0\", \"artifact\": \"a\", \"sha256\": \""
                + A
                + "\"}"),
        "index I: plugins[0] ('p'): version should be a semantic version like 1.2.3, got '1.0'");
    refused(
        index("{\"name\": \"p\", \"version\": \"1.0.0\", \"sha256\": \"" + A + "\"}"),
        "index I: plugins[0] ('p'): artifact is missing");
    refused(
        "{\"schema_version\": \"1\", \"schema_version\": \"1\", \"plugins\": []}",
        "index I: is not valid JSON: Duplicate field 'schema_version'");
    refused(
        "{\"schema_version\": \"1\", \"plugins\": []} {}",
        "index I: is not valid JSON: Trailing token (of type START_OBJECT) found after value"
            + " (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per"
            + " `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
    refused(
        "{\"schema_version\": \"1\", \"expires\": \"tomorrow\", \"plugins\": []}",
        "index I: expires should be a UTC time like 2026-12-31T00:00:00Z, got string \"tomorrow\"");
  }

  @Test
  void signatureField_mustBe64BytesOfBase64() {
    String e =
        "{\"name\": \"p\", \"version\": \"1.0.0\", \"artifact\": \"p.wasm\", \"sha256\": \""
            + A
            + "\", \"signature\": \"AAAA\"}";
    refused(
        index(e),
        "index I: plugins[0] ('p'): signature should decode to 64 bytes (Ed25519), got 3");
  }

  @Test
  void writeThenParse_keepsEverything() throws Exception {
    Index i =
        parse(
            "{\"schema_version\": \"1\", \"index_version\": 7, \"expires\": \"2030-01-01T00:00:00Z\","
                + " \"plugins\": ["
                + entry("p", "1.0.0", "p.tar.gz", A)
                + "]}");
    Index again = Index.parse(i.toJson(), "again");
    assertThat(again.indexVersion()).hasValue(7);
    assertThat(again.expires())
        .hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("2030-01-01T00:00:00Z"));
    assertThat(again.plugins()).isEqualTo(i.plugins());
  }
}
