package dev.airlock.artefact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.artefact.ArtefactException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Parsing {@code manifest.json}: every rule and every hostile shape. */
class ManifestTest {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  static ObjectNode valid() {
    try {
      return (ObjectNode) JSON.readTree(Fixtures.manifestJson());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static byte[] with(java.util.function.Consumer<ObjectNode> change) {
    ObjectNode n = valid();
    change.accept(n);
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parse_canonicalManifest_roundTrips() throws Exception {
    assertThat(Manifest.parse(Fixtures.manifestJson())).isEqualTo(Fixtures.manifest());
  }

  @Test
  void parse_schemaVersion2_refusedAsUnsupported() {
    assertThatThrownBy(() -> Manifest.parse(with(n -> n.put("schema_version", "2.0"))))
        .isInstanceOf(ArtefactException.class)
        .hasMessage("unsupported artefact schema version: 2.0")
        .extracting(e -> ((ArtefactException) e).reason())
        .isEqualTo(Reason.SCHEMA_VERSION);
  }

  @Test
  void parse_schemaVersion2WithNewFields_reportsVersionNotFields() {
    assertThatThrownBy(
            () ->
                Manifest.parse(
                    with(
                        n -> {
                          n.put("schema_version", "2.0");
                          n.put("future_field", true);
                        })))
        .hasMessage("unsupported artefact schema version: 2.0");
  }

  @Test
  void parse_minorSchemaVersion_accepted() throws Exception {
    assertThat(Manifest.parse(with(n -> n.put("schema_version", "1.1"))).schemaVersion())
        .isEqualTo("1.1");
  }

  static Stream<Arguments> badManifests() {
    return Stream.of(
        bad(
            "unknown fields",
            with(
                n -> {
                  n.put("public_key", "AAAA");
                  n.put("extra", 1);
                }),
            "manifest.json has unknown fields 'public_key', 'extra' (allowed: schema_version,"
                + " name, version, description, license, hooks, wasm_sha256, abi, permissions,"
                + " signature_algorithm, packed_at, author, homepage, config_schema)"),
        bad(
            "unknown permission",
            with(n -> n.putObject("permissions").put("root", true)),
            "manifest field 'permissions' has unknown field 'root' (allowed: max_memory_pages,"
                + " max_execution_ms, max_cpu_ms, allowed_paths, allowed_hosts, env)"),
        bad(
            "name uppercase",
            with(n -> n.put("name", "Echo")),
            "invalid manifest.json: plugin name should be 1-128 lowercase letters, digits, '-'"
                + " or '_', starting with a letter, got 'Echo'"),
        bad(
            "name starts with digit",
            with(n -> n.put("name", "1echo")),
            "invalid manifest.json: plugin name should be 1-128 lowercase letters, digits, '-'"
                + " or '_', starting with a letter, got '1echo'"),
        bad(
            "name too long",
            with(n -> n.put("name", "a".repeat(129))),
            "invalid manifest.json: plugin name should be 1-128 lowercase letters, digits, '-'"
                + " or '_', starting with a letter, got '"
                + "a".repeat(129)
                + "'"),
        bad(
            "name path",
            with(n -> n.put("name", "../x")),
            "invalid manifest.json: plugin name should be 1-128 lowercase letters, digits, '-'"
                + " or '_', starting with a letter, got '../x'"),
        bad(
            "version not semver",
            with(n -> n.put("version", "1.2")),
            "invalid manifest.json: version should be a semantic version like 1.2.3, got '1.2'"),
        bad(
            "version leading zero",
            with(n -> n.put("version", "01.2.3")),
            "invalid manifest.json: version should be a semantic version like 1.2.3, got"
                + " '01.2.3'"),
        bad(
            "hooks a string",
            with(n -> n.put("hooks", "pre_query")),
            "manifest field 'hooks' should be a list of strings, got a string"),
        bad(
            "hooks hold number",
            with(n -> n.putArray("hooks").add(1)),
            "manifest field 'hooks' should be a list of strings, got a number"),
        bad(
            "hooks empty",
            with(n -> n.putArray("hooks")),
            "manifest field 'hooks' should name at least one export"),
        bad(
            "hooks duplicate",
            with(n -> n.putArray("hooks").add("a").add("a")),
            "invalid manifest.json: hooks lists an export twice"),
        bad(
            "name a number",
            with(n -> n.put("name", 5)),
            "manifest field 'name' should be a string, got a number"),
        bad("missing name", with(n -> n.remove("name")), "manifest.json is missing 'name'"),
        bad(
            "missing schema version",
            with(n -> n.remove("schema_version")),
            "manifest.json is missing 'schema_version'"),
        bad(
            "schema version number",
            with(n -> n.put("schema_version", 1)),
            "manifest field 'schema_version' should be a string like \"1.0\", got a number"),
        bad(
            "uppercase sha",
            with(n -> n.put("wasm_sha256", "AB".repeat(32))),
            "invalid manifest.json: wasm_sha256 should be 64 lowercase hex characters"),
        bad(
            "abi unknown",
            with(n -> n.put("abi", "wasi")),
            "invalid manifest.json: abi should be 'raw' or 'extism', got 'wasi'"),
        bad(
            "signature algorithm rsa",
            with(n -> n.put("signature_algorithm", "rsa")),
            "invalid manifest.json: signature_algorithm should be 'ed25519' or null, got"
                + " Optional[rsa]"),
        bad(
            "packed_at with offset",
            with(n -> n.put("packed_at", "2026-11-21T12:00:00+01:00")),
            "manifest field 'packed_at' should be a UTC time like 2026-01-31T12:00:00Z, got"
                + " '2026-11-21T12:00:00+01:00'"),
        bad(
            "packed_at fraction",
            with(n -> n.put("packed_at", "2026-11-21T12:00:00.5Z")),
            "manifest field 'packed_at' should be a UTC time like 2026-01-31T12:00:00Z, got"
                + " '2026-11-21T12:00:00.5Z'"),
        bad(
            "memory pages float",
            with(n -> n.putObject("permissions").put("max_memory_pages", 1.5)),
            "manifest field 'permissions.max_memory_pages' should be an integer, got a number"),
        bad(
            "memory pages huge",
            with(n -> n.putObject("permissions").put("max_memory_pages", 1L << 40)),
            "invalid manifest.json: max_memory_pages should be 1..65536, got 1099511627776"),
        bad(
            "path grant relative",
            with(
                n ->
                    n.putObject("permissions")
                        .putArray("allowed_paths")
                        .addObject()
                        .put("host", "data")
                        .put("guest", "/data")),
            "invalid manifest.json: host path should be an absolute path, got data"),
        bad(
            "not an object",
            "[1,2]".getBytes(StandardCharsets.UTF_8),
            "manifest.json should be a JSON object, got a list"),
        bad("empty", new byte[0], "manifest.json is empty"),
        bad(
            "trailing tokens",
            (new String(Fixtures.manifestJson(), StandardCharsets.UTF_8) + " {}")
                .getBytes(StandardCharsets.UTF_8),
            null),
        bad(
            "not utf8",
            new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'},
            "manifest.json is not valid UTF-8"),
        bad(
            "duplicate keys",
            ("{\"schema_version\":\"1.0\",\"name\":\"a\",\"name\":\"b\"}")
                .getBytes(StandardCharsets.UTF_8),
            null),
        bad(
            "deeply nested",
            ("{\"schema_version\":\"1.0\",\"x\":" + "[".repeat(5000) + "]".repeat(5000) + "}")
                .getBytes(StandardCharsets.UTF_8),
            null),
        bad(
            "huge",
            new byte[70_000],
            "artefact manifest.json is 70000 bytes, over the 65536-byte limit"));
  }

  private static Arguments bad(String name, byte[] json, String message) {
    return Arguments.of(name, json, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badManifests")
  void parse_badManifest_refusedWithFieldAndRule(String name, byte[] json, String message) {
    var thrown =
        assertThatThrownBy(() -> Manifest.parse(json)).isInstanceOf(ArtefactException.class);
    if (message != null) {
      thrown.hasMessage(message);
    } else {
      thrown.hasMessageStartingWith("manifest.json is not valid JSON: ");
    }
  }

  @Test
  void parse_duplicateKey_namesTheKey() {
    byte[] json =
        "{\"schema_version\":\"1.0\",\"name\":\"a\",\"name\":\"b\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Manifest.parse(json)).hasMessageContaining("'name'");
  }

  @Test
  void parse_deepNesting_saysNestingDepth() {
    byte[] json =
        ("{\"schema_version\":\"1.0\",\"x\":" + "[".repeat(50) + "]".repeat(50) + "}")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> Manifest.parse(json)).hasMessageContaining("nesting depth");
  }
}
