package dev.airlock.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.runtime.Isolation;
import dev.airlock.runtime.Limits;
import dev.airlock.runtime.LogLine;
import dev.airlock.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The settings file: every key in TOML, JSON and YAML, unknown keys, bad values, bad files. */
class SettingsFileTest {
  static final String TOML =
      """
      [plugins]
      enabled = true
      directory = "plugins-dir"
      hot_reload = false
      debounce = "150ms"
      enable_new_plugins = false
      allow_downgrade = true
      isolation = "pooled"
      memory = "8MiB"
      timeout = "200ms"
      cpu_time = "100ms"
      max_memory = "64MiB"
      max_timeout = "5s"
      max_cpu_time = "4s"
      trust_root = "trust"
      require_signature = true
      allowed_sources = ["file", "oci"]
      allow_network = true
      allow_files = false
      allow_env = false
      log_level = "debug"
      compile_cache = "cache"
      order = ["b", "a"]
      kv_value_size = "16KiB"
      kv_keys = 50
      kv_total_size = "1MiB"
      max_wasm_size = 1048576

      [[providers]]
      name = "echo"
      path = "echo.wasm"
      config = { greeting = "hi", times = 3, loud = true }

      [[providers]]
      name = "remote"
      path = "oci://registry.example/plugins/remote:1.0.0"
      """;

  static final String JSON =
      """
      {"plugins": {
        "enabled": true, "directory": "plugins-dir", "hot_reload": false, "debounce": "150ms",
        "enable_new_plugins": false, "allow_downgrade": true, "isolation": "pooled",
        "memory": "8MiB", "timeout": "200ms", "cpu_time": "100ms", "max_memory": "64MiB",
        "max_timeout": "5s", "max_cpu_time": "4s", "trust_root": "trust",
        "require_signature": true, "allowed_sources": ["file", "oci"], "allow_network": true,
        "allow_files": false, "allow_env": false, "log_level": "debug", "compile_cache": "cache",
        "order": ["b", "a"], "kv_value_size": "16KiB", "kv_keys": 50, "kv_total_size": "1MiB",
        "max_wasm_size": 1048576},
       "providers": [
        {"name": "echo", "path": "echo.wasm",
         "config": {"greeting": "hi", "times": 3, "loud": true}},
        {"name": "remote", "path": "oci://registry.example/plugins/remote:1.0.0"}]}
      """;

  static final String YAML =
      """
      plugins:
        enabled: true
        directory: plugins-dir
        hot_reload: false
        debounce: 150ms
        enable_new_plugins: false
        allow_downgrade: true
        isolation: pooled
        memory: 8MiB
        timeout: 200ms
        cpu_time: 100ms
        max_memory: 64MiB
        max_timeout: 5s
        max_cpu_time: 4s
        trust_root: trust
        require_signature: true
        allowed_sources: [file, oci]
        allow_network: true
        allow_files: false
        allow_env: false
        log_level: debug
        compile_cache: cache
        order:
          - b
          - a
        kv_value_size: 16KiB
        kv_keys: 50
        kv_total_size: 1MiB
        max_wasm_size: 1048576
      providers:
        - name: echo
          path: echo.wasm
          config:
            greeting: hi
            times: 3
            loud: true
        - name: remote
          path: oci://registry.example/plugins/remote:1.0.0
      """;

  @TempDir Path root;

  @BeforeEach
  void setUp() throws Exception {
    TestKeys.writePemPub(root.resolve("trust"), "alice", TestKeys.ed25519());
    Files.write(root.resolve("echo.wasm"), HostFixtures.example("echo"));
  }

  Settings load(String name, String content) throws Exception {
    Path file = Files.writeString(root.resolve(name), content);
    return SettingsLoader.load(Map.of(), Map.of(), Optional.of(file));
  }

  String error(String name, String content) {
    return assertThatThrownBy(() -> load(name, content))
        .isInstanceOf(SettingsException.class)
        .actual()
        .getMessage();
  }

  @ParameterizedTest
  @CsvSource({"airlock.toml,TOML", "airlock.json,JSON", "airlock.yaml,YAML", "airlock.yml,YAML"})
  void everyKey_inEachSyntax(String name, String syntax) throws Exception {
    String content =
        switch (syntax) {
          case "TOML" -> TOML;
          case "JSON" -> JSON;
          default -> YAML;
        };
    Settings s = load(name, content);

    HostSettings h = s.host();
    assertThat(s.pluginsEnabled()).isTrue();
    assertThat(h.directory()).isEqualTo(root.resolve("plugins-dir"));
    assertThat(h.hotReload()).isFalse();
    assertThat(h.debounce()).isEqualTo(Duration.ofMillis(150));
    assertThat(h.enableNewPlugins()).isFalse();
    assertThat(h.allowDowngrade()).isTrue();
    assertThat(h.isolation()).isEqualTo(Isolation.POOLED);
    Limits def = h.defaultLimits();
    Limits max = h.maximumLimits();
    assertThat(def.maxMemoryPages()).isEqualTo(128);
    assertThat(def.timeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(def.cpuTime()).isEqualTo(Duration.ofMillis(100));
    assertThat(max.maxMemoryPages()).isEqualTo(1024);
    assertThat(max.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(max.cpuTime()).isEqualTo(Duration.ofSeconds(4));
    assertThat(h.trustRoot()).isPresent();
    assertThat(h.requireSignature()).isTrue();
    assertThat(h.allowedSources()).isEqualTo(Set.of("file", "oci"));
    assertThat(h.allowNetwork()).isTrue();
    assertThat(h.allowFiles()).isFalse();
    assertThat(h.allowEnv()).isFalse();
    assertThat(h.logLevel()).isEqualTo(LogLine.Level.DEBUG);
    assertThat(h.compileCache()).contains(root.resolve("cache"));
    assertThat(h.order()).containsExactly("b", "a");
    for (Limits l : new Limits[] {def, max}) {
      assertThat(l.maxKvValueBytes()).isEqualTo(16384);
      assertThat(l.maxKvKeys()).isEqualTo(50);
      assertThat(l.maxKvTotalBytes()).isEqualTo(1 << 20);
    }
    assertThat(h.maxWasmBytes()).isEqualTo(1 << 20);
    assertThat(s.entries())
        .allSatisfy(
            e ->
                assertThat(e.origin())
                    .isEqualTo(
                        SettingsOrigin.file(root.resolve(name).toString(), "plugins." + e.key())));
    assertThat(s.providers())
        .containsExactly(
            new SettingsProvider(
                "echo",
                "echo.wasm",
                Optional.of(root.resolve("echo.wasm")),
                Map.of("greeting", "hi", "times", "3", "loud", "true")),
            new SettingsProvider(
                "remote",
                "oci://registry.example/plugins/remote:1.0.0",
                Optional.empty(),
                Map.of()));
    assertThat(s.file()).contains(root.resolve(name));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[plugins]\\ntimout = \"1s\"|unknown key 'plugins.timout' (did you mean 'timeout'?)",
        "[plugins]\\nmax_memroy = \"1MiB\"|unknown key 'plugins.max_memroy' (did you mean"
            + " 'max_memory'?)",
        "[plugins]\\nHot_Reload = true|unknown key 'plugins.Hot_Reload' (did you mean"
            + " 'hot_reload'?)",
        "[plugin]\\ntimeout = \"1s\"|unknown key 'plugin' (did you mean 'plugins'?)",
        "directory = \"x\"|unknown key 'directory' (did you mean 'plugins.directory'?)",
        "[[providers]]\\nname = \"a\"\\npath = \"echo.wasm\"\\nconfg = {}|unknown key"
            + " 'providers[0].confg' (did you mean 'config'?)",
        "[[providers]]\\nfile = \"echo.wasm\"|unknown key 'providers[0].file' (known keys: name,"
            + " path, config)",
        "[extras]\\nx = 1|unknown key 'extras' (known keys: plugins, providers, oci, catalog)"
      })
  void unknownKey_namedWithItsPlace(String content, String message) {
    String text = content.replace("\\n", "\n");
    Path file = root.resolve("airlock.toml");

    assertThat(error("airlock.toml", text)).isEqualTo(file + ": " + message);
  }

  @Test
  void unknownKey_withoutNearName_listsTheKnownKeys() {
    assertThat(error("airlock.json", "{\"plugins\": {\"colour\": \"red\"}}"))
        .startsWith(
            root.resolve("airlock.json")
                + ": unknown key 'plugins.colour' (known keys: enabled, directory, hot_reload,");
  }

  @Test
  void unknownKey_inYaml_andTheExceptionCarriesTheKey() {
    SettingsException e =
        (SettingsException)
            assertThatThrownBy(() -> load("a.yaml", "plugins:\n  log_levle: debug\n")).actual();

    assertThat(e)
        .hasMessageEndingWith("unknown key 'plugins.log_levle' (did you mean 'log_level'?)");
    assertThat(e.key()).isEqualTo("plugins.log_levle");
    assertThat(e.origin().kind()).isEqualTo(SettingsOrigin.Kind.FILE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hot_reload = \"yes\"|plugins.hot_reload: expected true or false, got \"yes\"",
        "memory = \"16MB\"|plugins.memory: expected a size like 16MiB, from 64KiB to 4GiB, got"
            + " \"16MB\"",
        "memory = 1024|plugins.memory: expected a size like 16MiB, from 64KiB to 4GiB, got 1024",
        "timeout = 200|plugins.timeout: expected a duration like 200ms, 3s, 2m or 1h, above zero,"
            + " got 200",
        "debounce = \"soon\"|plugins.debounce: expected a duration like 200ms, 3s, 2m or 1h, got"
            + " \"soon\"",
        "kv_keys = \"many\"|plugins.kv_keys: expected a whole number from 1 to 2147483647, got"
            + " \"many\"",
        "kv_keys = 0|plugins.kv_keys: expected a whole number from 1 to 2147483647, got 0",
        "kv_value_size = \"4GiB\"|plugins.kv_value_size: expected a size like 64KiB, from 1 byte"
            + " to 2147483647 bytes, got \"4GiB\"",
        "isolation = \"shared\"|plugins.isolation: expected fresh or pooled, got \"shared\"",
        "log_level = 3|plugins.log_level: expected one of trace, debug, info, warn, error, got 3",
        "allowed_sources = \"file\"|plugins.allowed_sources: expected a list of file, oci,"
            + " registry, git, url, got \"file\"",
        "order = [\"a\", \"a\"]|plugins.order: expected a list of distinct, non-empty plugin"
            + " names, got [\"a\",\"a\"]",
        "directory = 5|plugins.directory: expected a path, got 5",
        "trust_root = \"\"|plugins.trust_root: expected a path, got \"\""
      })
  void badValue_namesFileKeyValueAndForm(String line, String message) {
    assertThat(error("airlock.toml", "[plugins]\n" + line + "\n"))
        .isEqualTo(root.resolve("airlock.toml") + ": " + message);
  }

  @Test
  void syntaxError_namesTheSyntaxAndLine() {
    assertThat(error("airlock.toml", "[plugins]\ntimeout = \n"))
        .startsWith(root.resolve("airlock.toml") + " is not valid TOML: ")
        .containsPattern("\\(line 2, column \\d+\\)$");
  }

  @Test
  void duplicateKey_refused() {
    assertThat(error("airlock.json", "{\"plugins\": {\"timeout\": \"1s\", \"timeout\": \"2s\"}}"))
        .startsWith(root.resolve("airlock.json") + " is not valid JSON: Duplicate field 'timeout'");
    assertThat(error("airlock.yaml", "plugins:\n  timeout: 1s\n  timeout: 2s\n"))
        .startsWith(root.resolve("airlock.yaml") + " is not valid YAML: ");
  }

  @Test
  void wrongShapes_refused() {
    Path json = root.resolve("airlock.json");
    assertThat(error("airlock.json", "[1, 2]"))
        .isEqualTo(json + " should hold a table with [plugins] and [[providers]]");
    assertThat(error("airlock.json", "{\"plugins\": 5}"))
        .isEqualTo(json + ": plugins should be a table of settings");
    assertThat(error("airlock.json", "{\"providers\": {\"name\": \"x\"}}"))
        .isEqualTo(json + ": providers should be a list of [[providers]] tables");
  }

  @Test
  void wrongExtension_refused() {
    assertThat(error("airlock.ini", "[plugins]\n"))
        .isEqualTo(
            root.resolve("airlock.ini")
                + ": a settings file should end in .toml, .json, .yaml or .yml");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.toml", "a.json", "a.yaml"})
  void emptyFile_meansDefaults(String name) throws Exception {
    Settings s = load(name, "\n");

    assertThat(s.entries())
        .allSatisfy(e -> assertThat(e.origin()).isEqualTo(SettingsOrigin.DEFAULT));
  }

  @Test
  void notUtf8_refused() throws Exception {
    Path file = Files.write(root.resolve("a.toml"), new byte[] {'#', (byte) 0xff, '\n'});

    assertThatThrownBy(() -> SettingsLoader.load(Map.of(), Map.of(), Optional.of(file)))
        .hasMessage(file + " is not valid UTF-8");
  }

  @Test
  void missingFile_isAnIoError() {
    assertThatThrownBy(
            () ->
                SettingsLoader.load(Map.of(), Map.of(), Optional.of(root.resolve("missing.toml"))))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void relativePaths_resolveAgainstTheFilesDirectory() throws Exception {
    Path sub = Files.createDirectories(root.resolve("etc"));
    Path file =
        Files.writeString(
            sub.resolve("airlock.toml"),
            "[plugins]\ndirectory = \"../var/plugins\"\ncompile_cache = \"/abs/cache\"\n");

    Settings s = SettingsLoader.load(Map.of(), Map.of(), Optional.of(file));

    assertThat(s.host().directory()).isEqualTo(root.resolve("var/plugins"));
    assertThat(s.host().compileCache()).contains(Path.of("/abs/cache"));
  }
}
