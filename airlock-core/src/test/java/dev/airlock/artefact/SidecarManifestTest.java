package dev.airlock.artefact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.internal.Digests;
import dev.airlock.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bare modules with a sidecar manifest in JSON, YAML or TOML, and every way one is refused. */
class SidecarManifestTest {
  static final String JSON =
      """
      {"name": "echo", "version": "1.2.3", "description": "Echoes its input",
       "license": "Apache-2.0", "author": "Airlock", "homepage": "https://example.test/echo",
       "hooks": ["pre_query", "post_query"], "abi": "raw",
       "config_schema": {"type": "object",
                         "properties": {"max_rows": {"type": "integer", "minimum": 1}},
                         "required": ["max_rows"]}}
      """;
  static final String YAML =
      """
      name: echo
      version: "1.2.3"
      description: Echoes its input
      license: Apache-2.0
      author: Airlock
      homepage: https://example.test/echo
      hooks: [pre_query, post_query]
      abi: raw
      config_schema:
        type: object
        properties:
          max_rows:
            type: integer
            minimum: 1
        required: [max_rows]
      """;
  static final String TOML =
      """
      name = "echo"
      version = "1.2.3"
      description = "Echoes its input"
      license = "Apache-2.0"
      author = "Airlock"
      homepage = "https://example.test/echo"
      hooks = ["pre_query", "post_query"]
      abi = "raw"

      [config_schema]
      type = "object"
      required = ["max_rows"]

      [config_schema.properties.max_rows]
      type = "integer"
      minimum = 1
      """;

  private final ArtefactReader reader = ArtefactReader.create();
  @TempDir Path dir;
  Path wasm;

  @BeforeEach
  void writeModule() throws Exception {
    wasm = Files.write(dir.resolve("echo.wasm"), Fixtures.WASM);
  }

  Manifest read(String file, String content) throws Exception {
    Files.writeString(dir.resolve(file), content);
    return reader.readBareWasm(wasm, null).manifest();
  }

  @Test
  void readBareWasm_jsonSidecar_givesEveryField() throws Exception {
    Manifest m = read("echo.json", JSON);

    assertThat(m.name()).isEqualTo("echo");
    assertThat(m.version()).isEqualTo(SemanticVersion.parse("1.2.3"));
    assertThat(m.description()).isEqualTo("Echoes its input");
    assertThat(m.license()).isEqualTo("Apache-2.0");
    assertThat(m.author()).isEqualTo("Airlock");
    assertThat(m.homepage()).isEqualTo("https://example.test/echo");
    assertThat(m.hooks()).containsExactly("pre_query", "post_query");
    assertThat(m.abi()).contains(Abi.RAW);
    assertThat(m.configSchema())
        .get()
        .extracting(ConfigSchema::required)
        .isEqualTo(List.of("max_rows"));
    assertThat(m.permissions().isNone()).isTrue();
    assertThat(m.wasmSha256()).isEqualTo(Digests.sha256Hex(Fixtures.WASM));
    assertThat(m.signatureAlgorithm()).isEmpty();
    assertThat(m.packedAt()).isEqualTo(Instant.EPOCH);
  }

  static Stream<Arguments> sameManifestInEverySyntax() {
    return Stream.of(
        Arguments.of("echo.yaml", YAML),
        Arguments.of("echo.yml", YAML),
        Arguments.of("echo.toml", TOML));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sameManifestInEverySyntax")
  void readBareWasm_yamlAndTomlSidecars_giveTheSameManifestAsJson(String file, String content)
      throws Exception {
    Manifest fromJson = read("echo.json", JSON);
    Files.delete(dir.resolve("echo.json"));

    assertThat(read(file, content)).isEqualTo(fromJson);
  }

  @Test
  void readBareWasm_noSidecar_keepsTheDerivedManifest() throws Exception {
    Manifest m = reader.readBareWasm(wasm, null).manifest();

    assertThat(m)
        .isEqualTo(
            new Manifest(
                "1.0",
                "echo",
                new SemanticVersion(0, 0, 0, "", ""),
                "",
                "",
                List.of(),
                Digests.sha256Hex(Fixtures.WASM),
                Optional.empty(),
                Permissions.NONE,
                Optional.empty(),
                Instant.EPOCH));
  }

  @Test
  void readBareWasm_nameOnly_defaultsTheRest() throws Exception {
    Manifest m = read("echo.yaml", "name: echo\n");

    assertThat(m.version()).isEqualTo(new SemanticVersion(0, 0, 0, "", ""));
    assertThat(m.hooks()).isEmpty();
  }

  @Test
  void readBareWasm_signedWithSidecar_recordsTheAlgorithm() throws Exception {
    Files.write(
        dir.resolve("echo.sig"), ZipFixtures.sign(Fixtures.WASM, TestKeys.ed25519().getPrivate()));

    Manifest m = read("echo.toml", TOML);

    assertThat(m.signatureAlgorithm()).contains(Manifest.ED25519);
    assertThat(m.hooks()).containsExactly("pre_query", "post_query");
  }

  @ParameterizedTest
  @ValueSource(strings = {"echo.json", "echo.yaml", "echo.toml"})
  void readBareWasm_sidecarAskingForPermissions_refused(String file) {
    String content =
        switch (file) {
          case "echo.json" -> "{\"name\": \"echo\", \"permissions\": {\"allowed_hosts\": [\"*\"]}}";
          case "echo.yaml" -> "name: echo\npermissions:\n  env: [HOME]\n";
          default -> "name = \"echo\"\n[permissions]\nmax_memory_pages = 65536\n";
        };

    assertThatThrownBy(() -> read(file, content))
        .isInstanceOf(ArtefactException.class)
        .hasMessage(
            "sidecar manifest "
                + file
                + " may not grant permissions: permissions must come from a signed .tar.gz"
                + " manifest (its manifest.json); a sidecar manifest is not signed");
  }

  @Test
  void readBareWasm_twoSidecars_refusedNamingBoth() throws Exception {
    Files.writeString(dir.resolve("echo.json"), JSON);
    Files.writeString(dir.resolve("echo.toml"), TOML);

    assertThatThrownBy(() -> reader.readBareWasm(wasm, null))
        .hasMessage(
            "bare wasm file 'echo.wasm' has more than one sidecar manifest (echo.json, echo.toml);"
                + " keep one");
  }

  @Test
  void readBareWasm_yamlAndYmlSidecars_refused() throws Exception {
    Files.writeString(dir.resolve("echo.yaml"), YAML);
    Files.writeString(dir.resolve("echo.yml"), YAML);

    assertThatThrownBy(() -> reader.readBareWasm(wasm, null))
        .hasMessage(
            "bare wasm file 'echo.wasm' has more than one sidecar manifest (echo.yaml, echo.yml);"
                + " keep one");
  }

  @Test
  void readBareWasm_sidecarOfAnotherModule_isIgnored() throws Exception {
    Files.writeString(dir.resolve("other.json"), "{\"permissions\": {}}");

    assertThat(reader.readBareWasm(wasm, null).manifest().name()).isEqualTo("echo");
  }

  static Stream<Arguments> badSidecars() {
    String unknownTail =
        " (allowed: name, version, description, license, author, homepage, hooks, abi,"
            + " config_schema); permissions must come from a signed .tar.gz manifest";
    return Stream.of(
        bad(
            "echo.json",
            "{\"name\": \"other\"}",
            "sidecar manifest echo.json gives name 'other' but the module is 'echo.wasm'; the name must equal the file stem"),
        bad(
            "echo.json",
            "{\"max_memory_pages\": 16}",
            "sidecar manifest echo.json has unknown field 'max_memory_pages'" + unknownTail),
        bad(
            "echo.yaml",
            "wasm_sha256: abc\n",
            "sidecar manifest echo.yaml has unknown field 'wasm_sha256'" + unknownTail),
        bad(
            "echo.json",
            "{\"version\": \"1.0\"}",
            "sidecar manifest echo.json: version should be a semantic version like 1.2.3, got '1.0'"),
        bad(
            "echo.yaml",
            "version: 1.0\n",
            "sidecar manifest echo.yaml field 'version' should be a string, got a float"),
        bad(
            "echo.toml",
            "name = 1\n",
            "sidecar manifest echo.toml field 'name' should be a string, got an integer"),
        bad(
            "echo.json",
            "{\"hooks\": \"pre_query\"}",
            "sidecar manifest echo.json field 'hooks' should be a list of strings, got a string"),
        bad(
            "echo.toml",
            "hooks = [1]\n",
            "sidecar manifest echo.toml field 'hooks' should be a list of strings, got an integer"),
        bad(
            "echo.json",
            "{\"hooks\": [\"a b\"]}",
            "sidecar manifest echo.json: hook names should be export names (letters, digits, _ . -), got 'a b'"),
        bad(
            "echo.json",
            "{\"hooks\": [\"a\", \"a\"]}",
            "sidecar manifest echo.json: hooks lists an export twice"),
        bad(
            "echo.json",
            "{\"abi\": \"wasi\"}",
            "sidecar manifest echo.json: abi should be 'raw' or 'extism', got 'wasi'"),
        bad(
            "echo.json",
            "{\"config_schema\": {\"type\": \"array\", \"properties\": {}}}",
            "sidecar manifest echo.json: manifest field 'config_schema' should have type \"object\""),
        bad(
            "echo.json",
            "[\"echo\"]",
            "sidecar manifest echo.json should be an object, got a list"),
        bad(
            "echo.yaml",
            "just text\n",
            "sidecar manifest echo.yaml should be a mapping, got a string"),
        bad("echo.yaml", "", "sidecar manifest echo.yaml is empty"),
        bad("echo.json", "", "sidecar manifest echo.json is empty"),
        bad(
            "echo.yaml",
            "name: echo\nhooks: &h [a]\nabi: *h\n",
            "sidecar manifest echo.yaml uses a YAML anchor, alias or tag at line 2; a sidecar manifest is plain data"),
        bad(
            "echo.yaml",
            "name: !!binary ZWNobw==\n",
            "sidecar manifest echo.yaml uses a YAML anchor, alias or tag at line 1; a sidecar manifest is plain data"),
        bad(
            "echo.json",
            "{\"config_schema\": {\"properties\": {\"a\": {\"enum\": [[[[[[[1]]]]]]]}}}}",
            "sidecar manifest echo.json nests deeper than 8 levels"));
  }

  private static Arguments bad(String file, String content, String message) {
    return Arguments.of(file, content, message);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badSidecars")
  void readBareWasm_badSidecar_refusedWithExactMessage(
      String file, String content, String message) {
    assertThatThrownBy(() -> read(file, content))
        .isInstanceOf(ArtefactException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "echo.json|{\"name\": \"echo\", \"name\": \"x\"}|JSON",
        "echo.yaml|name: echo\nname: x\n|YAML",
        "echo.yaml|name: echo\n---\nname: x\n|YAML",
        "echo.toml|name = \"echo\"\nname = \"x\"\n|TOML",
        "echo.toml|name = |TOML"
      })
  void readBareWasm_syntaxErrors_refusedNamingTheSyntax(String spec) {
    String[] parts = spec.split("\\|");

    assertThatThrownBy(() -> read(parts[0], parts[1]))
        .isInstanceOf(ArtefactException.class)
        .hasMessageStartingWith(
            "sidecar manifest " + parts[0] + " is not valid " + parts[2] + ": ");
  }

  @Test
  void readBareWasm_oversizedSidecar_refused() {
    assertThatThrownBy(() -> read("echo.yaml", "# " + "x".repeat(70_000)))
        .hasMessage("sidecar manifest echo.yaml is 70002 bytes, over the 65536-byte limit");
  }

  @Test
  void readBareWasm_sidecarNotUtf8_refused() throws Exception {
    Files.write(dir.resolve("echo.json"), new byte[] {'{', '"', (byte) 0xff, '"', '}'});

    assertThatThrownBy(() -> reader.readBareWasm(wasm, null))
        .hasMessage("sidecar manifest echo.json is not valid UTF-8");
  }

  @Test
  void read_dispatchesBareWasm_withItsSidecarManifest() throws Exception {
    Files.writeString(dir.resolve("echo.yaml"), YAML);

    assertThat(reader.read(wasm).manifest().hooks()).containsExactly("pre_query", "post_query");
  }
}
