package dev.airlock.artefact;

import static dev.airlock.artefact.ZipFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every rule of {@code plugin.toml}, each with its exact message. */
class PluginTomlParserTest {
  private static final String HEAD = "[plugin]\nname = \"echo\"\nversion = \"1.0.0\"\n";

  static PluginToml parse(String toml) throws ArtefactException {
    return PluginTomlParser.parse(utf8(toml));
  }

  @Test
  void parse_fullManifest_readsEveryField() throws Exception {
    PluginToml t = parse(ZipFixtures.TOML);

    assertThat(t)
        .isEqualTo(
            new PluginToml(
                "echo",
                SemanticVersion.parse("1.2.3"),
                "Echoes its input",
                "Apache-2.0",
                "Airlock",
                "https://example.test/echo",
                java.util.List.of("format_key", "parse_metadata", "validate", "generate_index"),
                java.util.Optional.of("echo"),
                java.util.List.of(".echo"),
                16,
                32,
                10));
  }

  @Test
  void parse_minimal_usesArtifactKeepersDefaults() throws Exception {
    PluginToml t = parse(HEAD);

    assertThat(t.hooks()).containsExactly("format_key", "parse_metadata", "validate");
    assertThat(t.minMemoryMb()).isEqualTo(32);
    assertThat(t.maxMemoryMb()).isEqualTo(64);
    assertThat(t.timeoutSecs()).isEqualTo(5);
    assertThat(t.formatKey()).isEmpty();
    assertThat(t.description()).isEmpty();
  }

  @Test
  void parse_allCapabilitiesOff_leavesOnlyFormatKey() throws Exception {
    PluginToml t =
        parse(
            HEAD
                + "[capabilities]\nparse_metadata = false\nvalidate_artifact = false\n"
                + "generate_index = false\nhandle_request = false\n");

    assertThat(t.hooks()).containsExactly("format_key");
  }

  @Test
  void permissions_mapRequirementsToLimitsOnly() throws Exception {
    Permissions p =
        parse(HEAD + "[requirements]\nmax_memory_mb = 4096\ntimeout_secs = 300\n").permissions();

    assertThat(p.maxMemoryPages()).hasValue(65_536);
    assertThat(p.maxExecutionMillis()).hasValue(300_000);
    assertThat(p.maxCpuMillis()).isEmpty();
    assertThat(p.allowedPaths()).isEmpty();
    assertThat(p.allowedHosts()).isEmpty();
    assertThat(p.env()).isEmpty();
  }

  @Test
  void parse_artifactKeeperExtras_areAccepted() throws Exception {
    PluginToml t =
        parse(
            "[plugin]\nname = \"rpm-format\"\nversion = \"0.1.0\"\nmin_keeper_version = \"1.0.0\"\n"
                + "[format]\nkey = \"rpm\"\ndisplay_name = \"RPM Package\"\n"
                + "extensions = [\".rpm\"]\ncontent_types = [\"application/x-rpm\"]\n"
                + "[requirements]\nmin_wasmtime = \"21.0\"\n");

    assertThat(t.formatKey()).contains("rpm");
    assertThat(t.extensions()).containsExactly(".rpm");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "maven", "unity-assetbundle", "plugin123", "a-1-b"})
  void parse_validNames_areAccepted(String name) throws Exception {
    assertThat(parse(HEAD.replace("\"echo\"", "\"" + name + "\"")).name()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Maven", "123plugin", "plugin_name", "-plugin", "plug in", "é"})
  void parse_invalidNames_refusedWithTheRule(String name) {
    assertThatThrownBy(() -> parse(HEAD.replace("\"echo\"", "\"" + name + "\"")))
        .hasMessage(
            "plugin.toml [plugin] name "
                + dev.airlock.internal.Text.quote(name)
                + " is invalid: use lowercase letters, digits and hyphens, starting with a"
                + " letter, at most 100 characters");
  }

  @Test
  void parse_nameOf101Characters_refused() {
    String name = "a".repeat(101);
    assertThatThrownBy(() -> parse(HEAD.replace("\"echo\"", "\"" + name + "\"")))
        .hasMessageStartingWith("plugin.toml [plugin] name 'aaaa")
        .hasMessageEndingWith(
            " is invalid: use lowercase letters, digits and hyphens, starting"
                + " with a letter, at most 100 characters");
    assertThat(parseQuietly(HEAD.replace("\"echo\"", "\"" + "a".repeat(100) + "\""))).isTrue();
  }

  private static boolean parseQuietly(String toml) {
    try {
      parse(toml);
      return true;
    } catch (ArtefactException e) {
      return false;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "v1.0.0", "1.0.0.0", "01.0.0", "1.0.0-", "latest"})
  void parse_invalidVersions_refused(String version) {
    assertThatThrownBy(() -> parse(HEAD.replace("1.0.0", version)))
        .hasMessage(
            "plugin.toml [plugin] version '" + version + "' is not a semantic version like 1.2.3");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 150, 300})
  void parse_timeoutInRange_isAccepted(int seconds) throws Exception {
    assertThat(parse(HEAD + "[requirements]\ntimeout_secs = " + seconds + "\n").timeoutSecs())
        .isEqualTo(seconds);
  }

  static Stream<Arguments> badManifests() {
    return Stream.of(
        bad("not TOML", "[plugin\nname = 1", null),
        bad(
            "duplicate key",
            HEAD + "name = \"other\"\n",
            "plugin.toml is not valid TOML: Duplicate key (line 5, column 1)"),
        bad("empty", "", "plugin.toml is missing its [plugin] table"),
        bad(
            "no plugin table",
            "[format]\nkey = \"x\"\n",
            "plugin.toml is missing its [plugin] table"),
        bad(
            "plugin not a table",
            "plugin = \"echo\"\n",
            "plugin.toml [plugin] should be a table, got a string"),
        bad(
            "permissions section",
            HEAD + "[permissions]\nallowed_hosts = [\"*\"]\n",
            "plugin.toml may not grant permissions: a zip never grants files, network or"
                + " environment; ship a signed .tar.gz whose manifest.json asks for them"),
        bad(
            "permissions inside [plugin]",
            HEAD + "permissions = { env = [\"HOME\"] }\n",
            "plugin.toml may not grant permissions: a zip never grants files, network or"
                + " environment; ship a signed .tar.gz whose manifest.json asks for them"),
        bad(
            "resources section of the example plugins",
            HEAD + "[resources]\nmax_memory_bytes = 16777216\nmax_execution_ms = 10000\n",
            "plugin.toml has section [resources], which Artifact Keeper does not read; set limits"
                + " in [requirements] (max_memory_mb, timeout_secs)"),
        bad(
            "unknown section",
            HEAD + "[hooks]\nx = 1\n",
            "plugin.toml has unknown key 'hooks' (allowed: plugin, format, capabilities,"
                + " requirements)"),
        bad(
            "unknown plugin key",
            HEAD + "entry = \"main\"\n",
            "plugin.toml [plugin] has unknown key 'entry' (allowed: name, version, description,"
                + " author, license, homepage, min_keeper_version)"),
        bad(
            "missing name",
            "[plugin]\nversion = \"1.0.0\"\n",
            "plugin.toml [plugin] is missing 'name'"),
        bad(
            "name not a string",
            "[plugin]\nname = 7\nversion = \"1.0.0\"\n",
            "plugin.toml [plugin] 'name' should be a string, got an integer"),
        bad(
            "missing version",
            "[plugin]\nname = \"echo\"\n",
            "plugin.toml [plugin] is missing 'version'"),
        bad(
            "version not a string",
            "[plugin]\nname = \"echo\"\nversion = 1.0\n",
            "plugin.toml [plugin] 'version' should be a string, got a float"),
        bad(
            "description not a string",
            HEAD + "description = [\"a\"]\n",
            "plugin.toml [plugin] 'description' should be a string, got an array"),
        bad(
            "min_keeper_version not a string",
            HEAD + "min_keeper_version = 1\n",
            "plugin.toml [plugin] 'min_keeper_version' should be a string, got an integer"),
        bad(
            "format without key",
            HEAD + "[format]\ndisplay_name = \"X\"\n",
            "plugin.toml [format] is missing 'key'"),
        bad(
            "format key invalid",
            HEAD + "[format]\nkey = \"My_Format\"\ndisplay_name = \"X\"\n",
            "plugin.toml [format] key 'My_Format' is invalid: use lowercase letters, digits and"
                + " hyphens, starting with a letter, at most 100 characters"),
        bad(
            "format without display_name",
            HEAD + "[format]\nkey = \"x\"\n",
            "plugin.toml [format] is missing 'display_name'"),
        bad(
            "format with empty display_name",
            HEAD + "[format]\nkey = \"x\"\ndisplay_name = \" \"\n",
            "plugin.toml [format] 'display_name' must not be empty"),
        bad(
            "extensions not an array",
            HEAD + "[format]\nkey = \"x\"\ndisplay_name = \"X\"\nextensions = \".x\"\n",
            "plugin.toml [format] 'extensions' should be an array of strings, got a string"),
        bad(
            "extensions holding a number",
            HEAD + "[format]\nkey = \"x\"\ndisplay_name = \"X\"\nextensions = [\".x\", 1]\n",
            "plugin.toml [format] 'extensions' should be an array of strings, got an integer"),
        bad(
            "unknown format key",
            HEAD + "[format]\nkey = \"x\"\ndisplay_name = \"X\"\nmime = \"a/b\"\n",
            "plugin.toml [format] has unknown key 'mime' (allowed: key, display_name, extensions,"
                + " content_types)"),
        bad(
            "capability not a boolean",
            HEAD + "[capabilities]\nparse_metadata = \"yes\"\n",
            "plugin.toml [capabilities] 'parse_metadata' should be a boolean, got a string"),
        bad(
            "unknown capability",
            HEAD + "[capabilities]\nscan = true\n",
            "plugin.toml [capabilities] has unknown key 'scan' (allowed: parse_metadata,"
                + " validate_artifact, generate_index, handle_request)"),
        bad(
            "handle_request",
            HEAD + "[capabilities]\nhandle_request = true\n",
            "plugin.toml [capabilities] handle_request = true is not supported: Airlock has no"
                + " native-protocol request hook"),
        bad(
            "timeout zero",
            HEAD + "[requirements]\ntimeout_secs = 0\n",
            "plugin.toml [requirements] timeout_secs is 0; it must be between 1 and 300 seconds"),
        bad(
            "timeout 301",
            HEAD + "[requirements]\ntimeout_secs = 301\n",
            "plugin.toml [requirements] timeout_secs is 301; it must be between 1 and 300"
                + " seconds"),
        bad(
            "timeout beyond long",
            HEAD + "[requirements]\ntimeout_secs = 99999999999999999999\n",
            "plugin.toml [requirements] timeout_secs is 99999999999999999999; it must be between"
                + " 1 and 300 seconds"),
        bad(
            "timeout a float",
            HEAD + "[requirements]\ntimeout_secs = 5.5\n",
            "plugin.toml [requirements] 'timeout_secs' should be an integer, got a float"),
        bad(
            "memory a string",
            HEAD + "[requirements]\nmax_memory_mb = \"64\"\n",
            "plugin.toml [requirements] 'max_memory_mb' should be an integer, got a string"),
        bad(
            "min above max",
            HEAD + "[requirements]\nmin_memory_mb = 128\nmax_memory_mb = 32\n",
            "plugin.toml [requirements] min_memory_mb (128) must be less than or equal to"
                + " max_memory_mb (32)"),
        bad(
            "min above the default max",
            HEAD + "[requirements]\nmin_memory_mb = 128\n",
            "plugin.toml [requirements] min_memory_mb (128) must be less than or equal to"
                + " max_memory_mb (64)"),
        bad(
            "min negative",
            HEAD + "[requirements]\nmin_memory_mb = -1\n",
            "plugin.toml [requirements] min_memory_mb is -1; it must be between 0 and 4096"),
        bad(
            "max zero",
            HEAD + "[requirements]\nmin_memory_mb = 0\nmax_memory_mb = 0\n",
            "plugin.toml [requirements] max_memory_mb is 0; it must be between 1 and 4096"),
        bad(
            "max beyond wasm32",
            HEAD + "[requirements]\nmax_memory_mb = 4097\n",
            "plugin.toml [requirements] max_memory_mb is 4097; it must be between 1 and 4096"),
        bad(
            "unknown requirement",
            HEAD + "[requirements]\nmax_fuel = 100\n",
            "plugin.toml [requirements] has unknown key 'max_fuel' (allowed: min_wasmtime,"
                + " min_memory_mb, max_memory_mb, timeout_secs)"),
        bad(
            "min_wasmtime not a string",
            HEAD + "[requirements]\nmin_wasmtime = 21\n",
            "plugin.toml [requirements] 'min_wasmtime' should be a string, got an integer"),
        bad(
            "requirements not a table",
            HEAD.replace("[plugin]", "requirements = 5\n[plugin]"),
            "plugin.toml [requirements] should be a table, got an integer"));
  }

  private static Arguments bad(String name, String toml, String message) {
    return Arguments.of(name, toml, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badManifests")
  void parse_badManifest_refusedWithExactMessage(String name, String toml, String message) {
    Throwable thrown = catchThrowable(() -> parse(toml));

    assertThat(thrown).isInstanceOf(ArtefactException.class);
    assertThat(((ArtefactException) thrown).reason()).isEqualTo(ArtefactException.Reason.MANIFEST);
    if (message != null) {
      assertThat(thrown).hasMessage(message);
    } else {
      assertThat(thrown).hasMessageStartingWith("plugin.toml is not valid TOML: ");
    }
  }

  @Test
  void parse_notUtf8_refused() {
    assertThatThrownBy(() -> PluginTomlParser.parse(new byte[] {'a', '=', '"', (byte) 0xc3, '"'}))
        .hasMessage("plugin.toml is not valid UTF-8");
  }
}
