package dev.airlock.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.runtime.Isolation;
import dev.airlock.runtime.LogLine;
import dev.airlock.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flags, the environment (every Artifact Keeper variable) and precedence between all layers. */
class SettingsLoaderTest {
  @TempDir Path root;
  Path trust;

  @BeforeEach
  void setUp() throws Exception {
    trust = root.resolve("trust");
    TestKeys.writePemPub(trust, "alice", TestKeys.ed25519());
  }

  static Settings env(String... pairs) throws Exception {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return SettingsLoader.load(Map.of(), env, Optional.empty());
  }

  static String envError(String variable, String value) {
    return assertThatThrownBy(() -> env(variable, value))
        .isInstanceOf(SettingsException.class)
        .actual()
        .getMessage();
  }

  @Test
  void nothingGiven_defaultsOfTheBuilder_everyOriginDefault() throws Exception {
    Settings s = SettingsLoader.load(Map.of(), Map.of(), Optional.empty());

    HostSettings h = s.host();
    assertThat(s.pluginsEnabled()).isTrue();
    assertThat(h.directory()).isEqualTo(Path.of("plugins"));
    assertThat(h.defaultLimits().maxMemoryPages()).isEqualTo(256);
    assertThat(h.maximumLimits().maxMemoryPages()).isEqualTo(4096);
    assertThat(h.maximumLimits().timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(h.trustRoot()).isEmpty();
    assertThat(h.requireSignature()).isFalse();
    assertThat(h.allowedSources()).isEqualTo(HostSettings.SOURCES);
    assertThat(h.logLevel()).isEqualTo(LogLine.Level.INFO);
    assertThat(s.entries())
        .allSatisfy(e -> assertThat(e.origin()).isEqualTo(SettingsOrigin.DEFAULT));
    assertThat(s.entry("memory").value()).isEqualTo("16MiB");
    assertThat(s.entry("max_memory").value()).isEqualTo("256MiB");
    assertThat(s.entry("max_cpu_time").value()).isEqualTo("30s");
    assertThat(s.entry("allowed_sources").value()).isEqualTo("file,oci,registry,git,url");
    assertThat(s.entry("trust_root").value()).isEmpty();
    assertThat(s.entries()).hasSize(26);
  }

  @Test
  void pluginsEnabledFalse_hotReloadOff_andNoHostBuilder() throws Exception {
    Settings s = env("PLUGINS_ENABLED", "false");

    assertThat(s.pluginsEnabled()).isFalse();
    assertThat(s.host().hotReload()).isFalse();
    assertThat(s.origin("hot_reload")).hasToString("env PLUGINS_ENABLED");
    assertThatThrownBy(s::hostBuilder)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("plugins are switched off (env PLUGINS_ENABLED); start no host");
  }

  @ParameterizedTest
  @CsvSource({"true,true", "TRUE,true", "1,true", "yes,true", "on,true", "0,false", "No,false"})
  void pluginsEnabled_acceptsTheUsualBooleans(String value, boolean expected) throws Exception {
    assertThat(env("PLUGINS_ENABLED", value).pluginsEnabled()).isEqualTo(expected);
  }

  @Test
  void pluginsPath_isTheDirectory() throws Exception {
    Settings s = env("PLUGINS_PATH", "/srv/airlock/plugins");

    assertThat(s.host().directory()).isEqualTo(Path.of("/srv/airlock/plugins"));
    assertThat(s.origin("directory")).hasToString("env PLUGINS_PATH");
  }

  @Test
  void maxMemoryMb_isTheMaximumInMiB_andCapsTheBuiltInDefault() throws Exception {
    Settings big = env("PLUGIN_MAX_MEMORY_MB", "64");
    Settings small = env("PLUGIN_MAX_MEMORY_MB", "8");

    assertThat(big.host().maximumLimits().maxMemoryPages()).isEqualTo(1024);
    assertThat(big.entry("max_memory").value()).isEqualTo("64MiB");
    assertThat(big.host().defaultLimits().maxMemoryPages()).isEqualTo(256);
    assertThat(small.host().defaultLimits().maxMemoryPages()).isEqualTo(128);
    assertThat(small.entry("memory").value()).isEqualTo("8MiB");
    assertThat(small.origin("memory")).hasToString("default, capped by max_memory");
  }

  @Test
  void maxCpuMs_isTheMaximumCpuTime() throws Exception {
    Settings s = env("PLUGIN_MAX_CPU_MS", "5000");

    assertThat(s.host().maximumLimits().cpuTime()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.entry("max_cpu_time").value()).isEqualTo("5s");
    assertThat(s.origin("max_cpu_time")).hasToString("env PLUGIN_MAX_CPU_MS");
  }

  @Test
  void maxExecutionTimeMs_isTheMaximumWallClock_andCapsTheBuiltInDefault() throws Exception {
    Settings s = env("PLUGIN_MAX_EXECUTION_TIME_MS", "250");

    assertThat(s.host().maximumLimits().timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.host().defaultLimits().timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.entry("max_timeout").value()).isEqualTo("250ms");
    assertThat(s.origin("timeout")).hasToString("default, capped by max_timeout");
  }

  @Test
  void allowNetwork_fromTheEnvironment() throws Exception {
    assertThat(env("PLUGIN_ALLOW_NETWORK", "true").host().allowNetwork()).isTrue();
    assertThat(env("PLUGIN_ALLOW_NETWORK", "false").host().allowNetwork()).isFalse();
  }

  @Test
  void trustedKeys_loadTheTrustRoot_andRequireSignaturesByDefault() throws Exception {
    Settings s = env("PLUGIN_TRUSTED_KEYS", trust.toString());

    assertThat(s.host().trustRoot()).isPresent();
    assertThat(s.host().requireSignature()).isTrue();
    assertThat(s.origin("require_signature")).hasToString("default, trust_root is set");
    assertThat(s.entry("trust_root").value()).isEqualTo(trust.toString());
  }

  @Test
  void requireSignature_explicitBothWays() throws Exception {
    Settings on = env("PLUGIN_TRUSTED_KEYS", trust.toString(), "PLUGIN_REQUIRE_SIGNATURE", "true");
    Settings off =
        env("PLUGIN_TRUSTED_KEYS", trust.toString(), "PLUGIN_REQUIRE_SIGNATURE", "false");

    assertThat(on.host().requireSignature()).isTrue();
    assertThat(on.origin("require_signature")).hasToString("env PLUGIN_REQUIRE_SIGNATURE");
    assertThat(off.host().requireSignature()).isFalse();
  }

  @Test
  void requireSignature_withoutTrustRoot_namesWhereBothCanBeSet() {
    assertThat(envError("PLUGIN_REQUIRE_SIGNATURE", "true"))
        .isEqualTo(
            "signatures are required (env PLUGIN_REQUIRE_SIGNATURE) but no trust root is set;"
                + " give one with --trust-root, PLUGIN_TRUSTED_KEYS or plugins.trust_root, or stop"
                + " requiring signatures");
  }

  @Test
  void trustedKeys_missingOrEmptyDirectory_refusedWithTheVariable() throws Exception {
    Path empty = Files.createDirectories(root.resolve("empty"));

    assertThat(envError("PLUGIN_TRUSTED_KEYS", root.resolve("nope").toString()))
        .isEqualTo(
            "env PLUGIN_TRUSTED_KEYS: trust root "
                + root.resolve("nope")
                + " does not exist or is not a directory");
    assertThat(envError("PLUGIN_TRUSTED_KEYS", empty.toString()))
        .startsWith("env PLUGIN_TRUSTED_KEYS: trust root " + empty);
  }

  @Test
  void allowedSources_commaList() throws Exception {
    Settings s = env("PLUGIN_ALLOWED_SOURCES", "file, OCI");

    assertThat(s.host().allowedSources()).isEqualTo(Set.of("file", "oci"));
    assertThat(s.entry("allowed_sources").value()).isEqualTo("file,oci");
  }

  @ParameterizedTest
  @CsvSource({"trace,TRACE", "debug,DEBUG", "info,INFO", "warn,WARN", "ERROR,ERROR"})
  void logLevel_eachLevel(String value, LogLine.Level expected) throws Exception {
    assertThat(env("PLUGIN_LOG_LEVEL", value).host().logLevel()).isEqualTo(expected);
  }

  @Test
  void emptyVariable_countsAsUnset() throws Exception {
    Settings s = env("PLUGINS_PATH", "", "PLUGIN_MAX_MEMORY_MB", "  ");

    assertThat(s.origin("directory")).isEqualTo(SettingsOrigin.DEFAULT);
    assertThat(s.origin("max_memory")).isEqualTo(SettingsOrigin.DEFAULT);
  }

  @Test
  void unrelatedVariables_areIgnored() throws Exception {
    Settings s = env("PLUGIN_MAX_MEMORY", "lots", "HOME", "/root");

    assertThat(s.entries())
        .allSatisfy(e -> assertThat(e.origin()).isEqualTo(SettingsOrigin.DEFAULT));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "PLUGINS_ENABLED|maybe|env PLUGINS_ENABLED: expected true or false (or 1/0, yes/no,"
            + " on/off), got 'maybe'",
        "PLUGIN_MAX_MEMORY_MB|0|env PLUGIN_MAX_MEMORY_MB: expected a whole number of MiB from 1"
            + " to 4096, got '0'",
        "PLUGIN_MAX_MEMORY_MB|4097|env PLUGIN_MAX_MEMORY_MB: expected a whole number of MiB from"
            + " 1 to 4096, got '4097'",
        "PLUGIN_MAX_MEMORY_MB|16MiB|env PLUGIN_MAX_MEMORY_MB: expected a whole number of MiB from"
            + " 1 to 4096, got '16MiB'",
        "PLUGIN_MAX_MEMORY_MB|-1|env PLUGIN_MAX_MEMORY_MB: expected a whole number of MiB from 1"
            + " to 4096, got '-1'",
        "PLUGIN_MAX_CPU_MS|fast|env PLUGIN_MAX_CPU_MS: expected a whole number of milliseconds,"
            + " at least 1, got 'fast'",
        "PLUGIN_MAX_CPU_MS|0|env PLUGIN_MAX_CPU_MS: expected a whole number of milliseconds, at"
            + " least 1, got '0'",
        "PLUGIN_MAX_EXECUTION_TIME_MS|30s|env PLUGIN_MAX_EXECUTION_TIME_MS: expected a whole"
            + " number of milliseconds, at least 1, got '30s'",
        "PLUGIN_MAX_EXECUTION_TIME_MS|+5|env PLUGIN_MAX_EXECUTION_TIME_MS: expected a whole"
            + " number of milliseconds, at least 1, got '+5'",
        "PLUGIN_ALLOW_NETWORK|sometimes|env PLUGIN_ALLOW_NETWORK: expected true or false (or 1/0,"
            + " yes/no, on/off), got 'sometimes'",
        "PLUGIN_REQUIRE_SIGNATURE|strict|env PLUGIN_REQUIRE_SIGNATURE: expected true or false (or"
            + " 1/0, yes/no, on/off), got 'strict'",
        "PLUGIN_ALLOWED_SOURCES|file,ftp|env PLUGIN_ALLOWED_SOURCES: 'ftp' is not a plugin"
            + " source; expected a list of file, oci, registry, git, url, got 'file,ftp'",
        "PLUGIN_ALLOWED_SOURCES|file,,oci|env PLUGIN_ALLOWED_SOURCES: '' is not a plugin source;"
            + " expected a list of file, oci, registry, git, url, got 'file,,oci'",
        "PLUGIN_LOG_LEVEL|verbose|env PLUGIN_LOG_LEVEL: expected one of trace, debug, info, warn,"
            + " error, got 'verbose'"
      })
  void badVariable_namesVariableValueAndForm(String variable, String value, String message) {
    SettingsException e =
        (SettingsException)
            assertThatThrownBy(() -> env(variable, value))
                .isInstanceOf(SettingsException.class)
                .actual();

    assertThat(e).hasMessage(message);
    assertThat(e.origin()).isEqualTo(SettingsOrigin.env(variable));
    assertThat(e.actual()).contains("'" + value + "'");
  }

  @Test
  void pluginsPath_unusablePath_refused() {
    assertThat(envError("PLUGINS_PATH", "a\u0000b"))
        .isEqualTo("env PLUGINS_PATH: expected a path, got 'a\\u0000b'");
  }

  @Test
  void flags_useTheTextForms_andNameTheFlag() throws Exception {
    Settings s =
        SettingsLoader.load(
            Map.ofEntries(
                Map.entry("directory", "d"),
                Map.entry("memory", "32MiB"),
                Map.entry("timeout", "200ms"),
                Map.entry("cpu_time", "150ms"),
                Map.entry("max_memory", "1GiB"),
                Map.entry("isolation", "pooled"),
                Map.entry("hot_reload", "false"),
                Map.entry("debounce", "0ms"),
                Map.entry("allowed_sources", "file"),
                Map.entry("order", "b,a"),
                Map.entry("kv_keys", "10")),
            Map.of(),
            Optional.empty());

    assertThat(s.host().defaultLimits().maxMemoryPages()).isEqualTo(512);
    assertThat(s.host().defaultLimits().timeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(s.host().defaultLimits().cpuTime()).isEqualTo(Duration.ofMillis(150));
    assertThat(s.host().maximumLimits().maxMemoryPages()).isEqualTo(16384);
    assertThat(s.host().isolation()).isEqualTo(Isolation.POOLED);
    assertThat(s.host().hotReload()).isFalse();
    assertThat(s.host().debounce()).isZero();
    assertThat(s.host().order()).containsExactly("b", "a");
    assertThat(s.host().defaultLimits().maxKvKeys()).isEqualTo(10);
    assertThat(s.host().maximumLimits().maxKvKeys()).isEqualTo(10);
    assertThat(s.origin("directory")).hasToString("flag --dir");
    assertThat(s.origin("max_memory")).hasToString("flag --max-memory");
    assertThat(s.origin("order")).hasToString("flag --order");
  }

  @Test
  void badFlag_namesTheFlag() {
    assertThatThrownBy(
            () -> SettingsLoader.load(Map.of("timeout", "5 sec"), Map.of(), Optional.empty()))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "flag --timeout: expected a duration like 200ms, 3s, 2m or 1h, above zero, got"
                + " '5 sec'");
    assertThatThrownBy(
            () -> SettingsLoader.load(Map.of("timeout", "0ms"), Map.of(), Optional.empty()))
        .hasMessageEndingWith("above zero, got '0ms'");
  }

  @Test
  void unknownFlagKey_isAProgrammingError() {
    assertThatThrownBy(() -> SettingsLoader.load(Map.of("dir", "x"), Map.of(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("flags: 'dir' is not a setting (settings: [enabled, directory,");
  }

  @Test
  void explicitDefaultAboveExplicitMaximum_refusedNamingBoth() {
    assertThatThrownBy(
            () ->
                SettingsLoader.load(
                    Map.of("memory", "64MiB"),
                    Map.of("PLUGIN_MAX_MEMORY_MB", "16"),
                    Optional.empty()))
        .isInstanceOf(SettingsException.class)
        .hasMessage(
            "memory 64MiB (flag --memory) is above max_memory 16MiB (env PLUGIN_MAX_MEMORY_MB);"
                + " lower memory or raise max_memory");
  }

  @Test
  void memory_roundsUpToWholePages() throws Exception {
    Settings s = SettingsLoader.load(Map.of("memory", "100000"), Map.of(), Optional.empty());

    assertThat(s.host().defaultLimits().maxMemoryPages()).isEqualTo(2);
    assertThat(s.entry("memory").value()).isEqualTo("128KiB");
  }
}
