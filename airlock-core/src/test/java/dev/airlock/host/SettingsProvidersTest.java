package dev.airlock.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code [[providers]]}: checked when loaded, copied into the directory, configured at start. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SettingsProvidersTest {
  @TempDir Path root;
  Path file;
  Path plugins;

  @BeforeEach
  void setUp() throws Exception {
    file = root.resolve("airlock.toml");
    plugins = root.resolve("plugins");
    Path shelf = Files.createDirectories(root.resolve("shelf"));
    Files.write(shelf.resolve("echo.wasm"), HostFixtures.example("echo"));
    Files.writeString(shelf.resolve("echo.sig"), "not really a signature\n");
    Files.writeString(shelf.resolve("notes.txt"), "hello\n");
  }

  Settings load(String providers) throws Exception {
    Files.writeString(file, "[plugins]\ndirectory = \"plugins\"\n" + providers);
    return SettingsLoader.load(Map.of(), Map.of(), Optional.of(file));
  }

  @Test
  void install_copiesThePluginAndItsSidecars_onceOnly() throws Exception {
    Settings s = load("[[providers]]\nname = \"echo\"\npath = \"shelf/echo.wasm\"\n");

    assertThat(SettingsProviders.install(s))
        .containsExactly(plugins.resolve("echo.sig"), plugins.resolve("echo.wasm"));
    assertThat(plugins.resolve("echo.wasm"))
        .hasSameBinaryContentAs(root.resolve("shelf/echo.wasm"));
    assertThat(SettingsProviders.install(s)).isEmpty();
    assertThat(plugins.resolve("notes.txt")).doesNotExist();
  }

  @Test
  void install_zipTakesItsZipSig_artefactNothingElse() throws Exception {
    Files.writeString(root.resolve("shelf/p.zip"), "zip bytes");
    Files.writeString(root.resolve("shelf/p.zip.sig"), "sig");
    Files.writeString(root.resolve("shelf/p.sig"), "not p.zip's");
    Files.writeString(root.resolve("shelf/a.tar.gz"), "artefact bytes");
    Files.writeString(root.resolve("shelf/a.sig"), "not a.tar.gz's");
    Settings s =
        load(
            "[[providers]]\nname = \"p\"\npath = \"shelf/p.zip\"\n"
                + "[[providers]]\nname = \"a\"\npath = \"shelf/a.tar.gz\"\n");

    assertThat(SettingsProviders.install(s))
        .containsExactly(
            plugins.resolve("p.zip.sig"), plugins.resolve("p.zip"), plugins.resolve("a.tar.gz"));
  }

  @Test
  void install_providerAlreadyInTheDirectory_leftAlone() throws Exception {
    Files.createDirectories(plugins);
    Files.copy(root.resolve("shelf/echo.wasm"), plugins.resolve("echo.wasm"));
    Settings s = load("[[providers]]\nname = \"echo\"\npath = \"plugins/echo.wasm\"\n");

    assertThat(SettingsProviders.install(s)).isEmpty();
  }

  @Test
  void install_changedSource_replacesTheCopy() throws Exception {
    Settings s = load("[[providers]]\nname = \"echo\"\npath = \"shelf/echo.wasm\"\n");
    SettingsProviders.install(s);
    Files.write(root.resolve("shelf/echo.wasm"), HostFixtures.example("uppercase"));

    assertThat(SettingsProviders.install(s)).containsExactly(plugins.resolve("echo.wasm"));
    assertThat(plugins.resolve("echo.wasm"))
        .hasSameBinaryContentAs(root.resolve("shelf/echo.wasm"));
  }

  @Test
  void hostBuilder_startsTheProvidersPluginWithItsConfig_overTheSavedOne() throws Exception {
    Settings s =
        load(
            "[[providers]]\nname = \"echo\"\npath = \"shelf/echo.wasm\"\n"
                + "config = { greeting = \"hi\", times = 2 }\n");
    Files.delete(root.resolve("shelf/echo.sig"));
    SettingsProviders.install(s);
    StateStore.inDirectory(plugins)
        .save("echo", new StateStore.Entry(Optional.empty(), Map.of("old", "x"), Optional.empty()));

    try (PluginHost host = s.hostBuilder().debounce(Duration.ZERO).build()) {
      host.start();

      PluginInfo echo = host.plugin("echo").orElseThrow();
      assertThat(echo.status()).isEqualTo(PluginStatus.ENABLED);
      assertThat(echo.config()).isEqualTo(Map.of("greeting", "hi", "times", "2"));
    }
  }

  @Test
  void ociReference_keptButNotInstalled() throws Exception {
    Settings s = load("[[providers]]\nname = \"r\"\npath = \"oci://example.org/r:1.0.0\"\n");

    assertThat(s.providers().getFirst().source()).isEqualTo("oci");
    assertThat(s.providers().getFirst().file()).isEmpty();
    assertThat(SettingsProviders.install(s)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "name = \"a\"|providers[0] has no 'path'",
        "path = \"shelf/echo.wasm\"|providers[0] has no 'name'",
        "name = \"\"\\npath = \"shelf/echo.wasm\"|providers[0].name should be a non-empty string,"
            + " got \"\"",
        "name = \"a\"\\npath = 5|providers[0].path should be a non-empty string, got 5",
        "name = \"a\"\\npath = \"https://example.org/a.wasm\"|providers[0].path should be a file"
            + " path or an oci:// reference, got 'https://example.org/a.wasm'",
        "name = \"a\"\\npath = \"shelf/notes.txt\"|providers[0].path is not a plugin file"
            + " (.tar.gz, .tgz, .zip or .wasm): shelf/notes.txt",
        "name = \"a\"\\npath = \"shelf/echo.wasm\"\\nconfig = 5|providers[0].config should be a"
            + " table of values",
        "name = \"a\"\\npath = \"shelf/echo.wasm\"\\nconfig = { x = [1] }|providers[0].config.x"
            + " should be a string, number or boolean, got [1]"
      })
  void badProvider_namedByItsPlace(String body, String message) {
    String toml = "[[providers]]\n" + body.replace("\\n", "\n") + "\n";

    assertThatThrownBy(() -> load(toml))
        .isInstanceOf(SettingsException.class)
        .hasMessage(file + ": " + message);
  }

  @Test
  void missingProviderFile_namesTheResolvedPath() {
    assertThatThrownBy(() -> load("[[providers]]\nname = \"a\"\npath = \"gone.wasm\"\n"))
        .hasMessage(file + ": providers[0].path names no file: " + root.resolve("gone.wasm"));
  }

  @Test
  void repeatedNameOrFileName_refused() throws Exception {
    Files.createDirectories(root.resolve("other"));
    Files.copy(root.resolve("shelf/echo.wasm"), root.resolve("other/echo.wasm"));
    String one = "[[providers]]\nname = \"a\"\npath = \"shelf/echo.wasm\"\n";

    assertThatThrownBy(() -> load(one + one))
        .hasMessage(file + ": providers[1].name repeats provider name 'a'; each plugin once");
    assertThatThrownBy(
            () -> load(one + "[[providers]]\nname = \"b\"\npath = \"other/echo.wasm\"\n"))
        .hasMessage(
            file
                + ": providers[1].path has the file name echo.wasm of provider 'a' too; both"
                + " cannot be copied into the plugins directory");
  }

  @Test
  void sourceNotAllowed_namesWhereTheAllowedSourcesCameFrom() throws Exception {
    Files.writeString(file, "[[providers]]\nname = \"r\"\npath = \"oci://example.org/r:1.0.0\"\n");

    assertThatThrownBy(
            () ->
                SettingsLoader.load(
                    Map.of(), Map.of("PLUGIN_ALLOWED_SOURCES", "file"), Optional.of(file)))
        .hasMessage(
            file
                + ": providers[0].path is from source 'oci', which allowed_sources (env"
                + " PLUGIN_ALLOWED_SOURCES) does not include");
  }
}
