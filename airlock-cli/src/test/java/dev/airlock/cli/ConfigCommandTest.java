package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigCommandTest {
  @TempDir Path dir;
  Path file;

  @BeforeEach
  void setUp() throws Exception {
    try (InputStream in =
        ClassLoader.getSystemClassLoader().getResourceAsStream("dev/airlock/examples/echo.wasm")) {
      Files.write(dir.resolve("echo.wasm"), in.readAllBytes());
    }
    file =
        Files.writeString(
            dir.resolve("airlock.toml"),
            """
            [plugins]
            directory = "plugins"
            timeout = "200ms"
            log_level = "warn"

            [[providers]]
            name = "echo"
            path = "echo.wasm"
            config = { greeting = "hi" }
            """);
  }

  /** Runs the CLI in-process with {@code env} as the environment of the settings commands. */
  static CliRunner.Result run(Map<String, String> env, Object... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
    CommandLine config = cli.getSubcommands().get("config");
    ((ConfigCommand.Show) config.getSubcommands().get("show").getCommand()).environment = env;
    ((HostCommand) cli.getSubcommands().get("host").getCommand()).environment = env;
    String[] strings = new String[args.length];
    for (int i = 0; i < args.length; i++) {
      strings[i] = String.valueOf(args[i]);
    }
    int code = cli.execute(strings);
    return new CliRunner.Result(code, out.toString(), err.toString());
  }

  @Test
  void show_eachValueWithItsOrigin_acrossAllLayers() {
    CliRunner.Result r =
        run(
            Map.of("PLUGIN_MAX_MEMORY_MB", "64", "PLUGIN_LOG_LEVEL", "error"),
            "config",
            "show",
            "--config",
            file,
            "--max-cpu-time",
            "2s");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out().lines())
        .contains("settings file: " + file)
        .anySatisfy(l -> assertThat(l).matches("max_cpu_time +2s +\\(flag --max-cpu-time\\)"))
        .anySatisfy(l -> assertThat(l).matches("max_memory +64MiB +\\(env PLUGIN_MAX_MEMORY_MB\\)"))
        .anySatisfy(l -> assertThat(l).matches("log_level +error +\\(env PLUGIN_LOG_LEVEL\\)"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .matches("timeout +200ms +\\(file " + quoted(file) + ":plugins.timeout\\)"))
        .anySatisfy(l -> assertThat(l).matches("memory +16MiB +\\(default\\)"))
        .anySatisfy(l -> assertThat(l).matches("trust_root +\\(none\\) +\\(default\\)"))
        .contains("providers:", "  echo  " + dir.resolve("echo.wasm") + "  config {greeting=hi}");
  }

  @Test
  void show_json_valuesOriginsAndProviders() {
    CliRunner.Result r =
        run(Map.of("PLUGINS_PATH", "/srv/p"), "config", "show", "--config", file, "--json");

    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = Json.tree(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(json.get("file").asText()).isEqualTo(file.toString());
    assertThat(json.get("plugins_enabled").asBoolean()).isTrue();
    JsonNode directory = json.get("settings").get("directory");
    assertThat(directory.get("value").asText()).isEqualTo("/srv/p");
    assertThat(directory.get("origin").asText()).isEqualTo("env PLUGINS_PATH");
    assertThat(directory.get("layer").asText()).isEqualTo("env");
    assertThat(json.get("settings").get("trust_root").get("value").isNull()).isTrue();
    assertThat(json.get("settings").get("timeout").get("layer").asText()).isEqualTo("file");
    assertThat(json.get("settings")).hasSize(26);
    JsonNode echo = json.get("providers").get(0);
    assertThat(echo.get("name").asText()).isEqualTo("echo");
    assertThat(echo.get("path").asText()).isEqualTo("echo.wasm");
    assertThat(echo.get("source").asText()).isEqualTo("file");
    assertThat(echo.get("file").asText()).isEqualTo(dir.resolve("echo.wasm").toString());
    assertThat(echo.get("config").get("greeting").asText()).isEqualTo("hi");
  }

  @Test
  void show_withoutAnything_isAllDefaults() {
    CliRunner.Result r = run(Map.of(), "config", "show");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .contains("settings file: (none)", "providers: (none)")
        .filteredOn(l -> l.matches("[a-z_]+  +.*"))
        .hasSize(26)
        .allSatisfy(l -> assertThat(l).endsWith("(default)"));
  }

  @Test
  void show_pluginsSwitchedOff_saysSo() {
    CliRunner.Result r = run(Map.of("PLUGINS_ENABLED", "false"), "config", "show");

    assertThat(r.code()).isZero();
    assertThat(r.out().lines())
        .anySatisfy(l -> assertThat(l).matches("hot_reload +false +\\(env PLUGINS_ENABLED\\)"))
        .contains("plugins are switched off (env PLUGINS_ENABLED): 'airlock host' starts no host");
  }

  @Test
  void show_badVariable_oneLineAndUsageExitCode() {
    CliRunner.Result r = run(Map.of("PLUGIN_MAX_CPU_MS", "5s"), "config", "show");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "error: env PLUGIN_MAX_CPU_MS: expected a whole number of milliseconds, at least 1,"
                + " got '5s'\n");
  }

  @Test
  void show_unknownKey_oneLineWithSuggestion() throws Exception {
    Files.writeString(file, "[plugins]\ntimout = \"1s\"\n");

    CliRunner.Result r = run(Map.of(), "config", "show", "--config", file);

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo("error: " + file + ": unknown key 'plugins.timout' (did you mean 'timeout'?)\n");
  }

  @Test
  void show_badFlagValue_namesTheFlag() {
    CliRunner.Result r = run(Map.of(), "config", "show", "--isolation", "shared");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo("error: flag --isolation: expected fresh or pooled, got 'shared'\n");
  }

  @Test
  void show_missingFile_ioExitCode() {
    CliRunner.Result r = run(Map.of(), "config", "show", "--config", dir.resolve("nope.toml"));

    assertThat(r.code()).isEqualTo(ExitCodes.IO);
    assertThat(r.err()).isEqualTo("error: no such file: " + dir.resolve("nope.toml") + "\n");
  }

  @Test
  void show_negatableFlags_bothWays() {
    CliRunner.Result on = run(Map.of(), "config", "show", "--allow-network", "--no-hot-reload");

    assertThat(on.out().lines())
        .anySatisfy(l -> assertThat(l).matches("allow_network +true +\\(flag --allow-network\\)"))
        .anySatisfy(l -> assertThat(l).matches("hot_reload +false +\\(flag --hot-reload\\)"));
  }

  @Test
  void show_help_listsTheSettingsFlags() {
    CliRunner.Result r = run(Map.of(), "config", "show", "--help");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--config=FILE", "--dir=DIR", "--max-memory=SIZE", "--json");
  }

  @Test
  void config_alone_printsItsUsage() {
    CliRunner.Result r = run(Map.of(), "config");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Usage: airlock config", "show");
  }

  private static String quoted(Path p) {
    return java.util.regex.Pattern.quote(p.toString());
  }
}
