package dev.airlock.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags &gt; environment &gt; file &gt; defaults, with the origin of each value. */
class SettingsPrecedenceTest {
  @TempDir Path root;
  Path file;

  @BeforeEach
  void setUp() throws Exception {
    file =
        Files.writeString(
            root.resolve("airlock.toml"),
            """
            [plugins]
            directory = "from-file"
            max_memory = "32MiB"
            max_cpu_time = "2s"
            log_level = "warn"
            """);
  }

  Settings load(Map<String, String> flags, Map<String, String> env) throws Exception {
    return SettingsLoader.load(flags, env, Optional.of(file));
  }

  @Test
  void directory_eachLayerInTurn() throws Exception {
    Map<String, String> env = Map.of("PLUGINS_PATH", "from-env");

    Settings all = load(Map.of("directory", "from-flag"), env);
    Settings noFlag = load(Map.of(), env);
    Settings fileOnly = load(Map.of(), Map.of());
    Settings none = SettingsLoader.load(Map.of(), Map.of(), Optional.empty());

    assertThat(all.host().directory()).isEqualTo(Path.of("from-flag"));
    assertThat(all.origin("directory")).hasToString("flag --dir");
    assertThat(noFlag.host().directory()).isEqualTo(Path.of("from-env"));
    assertThat(noFlag.origin("directory")).hasToString("env PLUGINS_PATH");
    assertThat(fileOnly.host().directory()).isEqualTo(root.resolve("from-file"));
    assertThat(fileOnly.origin("directory")).hasToString("file " + file + ":plugins.directory");
    assertThat(none.host().directory()).isEqualTo(Path.of("plugins"));
    assertThat(none.origin("directory")).hasToString("default");
  }

  @Test
  void mixedLayers_eachSettingKeepsItsOwnOrigin() throws Exception {
    Settings s =
        load(
            Map.of("max_cpu_time", "3s", "log_level", "error"),
            Map.of("PLUGIN_MAX_MEMORY_MB", "64", "PLUGIN_MAX_CPU_MS", "4000"));

    assertThat(s.host().maximumLimits().cpuTime()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.origin("max_cpu_time")).hasToString("flag --max-cpu-time");
    assertThat(s.host().maximumLimits().maxMemoryPages()).isEqualTo(1024);
    assertThat(s.origin("max_memory")).hasToString("env PLUGIN_MAX_MEMORY_MB");
    assertThat(s.entry("log_level").value()).isEqualTo("error");
    assertThat(s.origin("log_level")).hasToString("flag --log-level");
    assertThat(s.host().directory()).isEqualTo(root.resolve("from-file"));
    assertThat(s.origin("directory").kind()).isEqualTo(SettingsOrigin.Kind.FILE);
    assertThat(s.origin("max_timeout")).isEqualTo(SettingsOrigin.DEFAULT);
  }

  @Test
  void environmentBeatsFile_forEveryArtifactKeeperVariable() throws Exception {
    Path trust = root.resolve("trust");
    dev.airlock.testing.TestKeys.writePemPub(trust, "k", dev.airlock.testing.TestKeys.ed25519());
    Files.writeString(
        file,
        """
        [plugins]
        enabled = true
        directory = "f"
        max_memory = "32MiB"
        max_cpu_time = "2s"
        max_timeout = "3s"
        allow_network = false
        require_signature = false
        allowed_sources = ["file"]
        log_level = "warn"
        """);
    Map<String, String> env =
        Map.of(
            "PLUGINS_ENABLED", "yes",
            "PLUGINS_PATH", "e",
            "PLUGIN_MAX_MEMORY_MB", "48",
            "PLUGIN_MAX_CPU_MS", "2500",
            "PLUGIN_MAX_EXECUTION_TIME_MS", "3500",
            "PLUGIN_ALLOW_NETWORK", "true",
            "PLUGIN_REQUIRE_SIGNATURE", "true",
            "PLUGIN_TRUSTED_KEYS", trust.toString(),
            "PLUGIN_ALLOWED_SOURCES", "file,oci",
            "PLUGIN_LOG_LEVEL", "debug");

    Settings s = load(Map.of(), env);

    Map<String, String> expected =
        Map.of(
            "enabled", "PLUGINS_ENABLED",
            "directory", "PLUGINS_PATH",
            "max_memory", "PLUGIN_MAX_MEMORY_MB",
            "max_cpu_time", "PLUGIN_MAX_CPU_MS",
            "max_timeout", "PLUGIN_MAX_EXECUTION_TIME_MS",
            "allow_network", "PLUGIN_ALLOW_NETWORK",
            "require_signature", "PLUGIN_REQUIRE_SIGNATURE",
            "trust_root", "PLUGIN_TRUSTED_KEYS",
            "allowed_sources", "PLUGIN_ALLOWED_SOURCES",
            "log_level", "PLUGIN_LOG_LEVEL");
    expected.forEach(
        (key, variable) ->
            assertThat(s.origin(key)).as(key).isEqualTo(SettingsOrigin.env(variable)));
    assertThat(s.entry("max_memory").value()).isEqualTo("48MiB");
    assertThat(s.entry("max_cpu_time").value()).isEqualTo("2500ms");
    assertThat(s.entry("max_timeout").value()).isEqualTo("3500ms");
    assertThat(s.host().allowNetwork()).isTrue();
    assertThat(s.host().requireSignature()).isTrue();
  }

  @Test
  void badValueInALowerLayer_isStillAnError() throws Exception {
    Files.writeString(file, "[plugins]\nmemory = \"lots\"\n");

    assertThatThrownBy(() -> load(Map.of("memory", "8MiB"), Map.of()))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            file
                + ": plugins.memory: expected a size like 16MiB, from 64KiB to 4GiB, got \"lots\"");
  }

  @Test
  void flagBeatsEnvironment_forTheKillSwitchToo() throws Exception {
    Settings s = load(Map.of("enabled", "true"), Map.of("PLUGINS_ENABLED", "false"));

    assertThat(s.pluginsEnabled()).isTrue();
    assertThat(s.origin("enabled")).hasToString("flag --enabled");
  }
}
