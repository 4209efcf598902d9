package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock host} as operators run it: a fresh JVM, a real directory, a real signal. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostCommandIT {
  private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z";

  @TempDir Path dir;
  byte[] echo;
  CliProcess cli;
  Process process;
  List<String> lines = List.of();

  @BeforeEach
  void setUp() throws Exception {
    try (InputStream in =
        ClassLoader.getSystemClassLoader().getResourceAsStream("dev/airlock/examples/echo.wasm")) {
      echo = in.readAllBytes();
    }
  }

  @AfterEach
  void tearDown() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  void start(Map<String, String> env, String... args) throws IOException {
    cli = CliProcess.start(dir, env, args);
    process = cli.process;
    lines = cli.lines;
  }

  String await(Predicate<String> line) throws Exception {
    return cli.await(line);
  }

  /** What operators do: write beside the directory's files under a dot name, then rename. */
  void drop(Path plugins, String name, byte[] bytes) throws IOException {
    Path tmp = Files.write(plugins.resolve("." + name + ".part"), bytes);
    Files.move(tmp, plugins.resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  @Test
  void droppedPlugin_printsLoadedLine_andSigtermStopsCleanly() throws Exception {
    Path plugins = dir.resolve("plugins");
    start(Map.of(), "host", "--dir", plugins.toString(), "--debounce", "50ms");
    await(l -> l.matches(TIME + " \\* STARTED plugins in " + plugins + ", hot reload on.*"));

    drop(plugins, "echo.wasm", echo);
    String loaded = await(l -> l.contains(" echo LOADED "));
    // SIGTERM runs the same shutdown hook as Ctrl-C. Through the handle, because
    // Process.destroy() also closes our end of the process's stdout.
    process.toHandle().destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(loaded).matches(TIME + " echo LOADED 0.0.0 from echo.wasm, enabled");
    await(l -> l.matches(TIME + " \\* STOPPED"));
    assertThat(lines.getLast()).endsWith(" * STOPPED");
    // Events are lines on stdout; the host's own log of them stays quiet.
    assertThat(Files.readString(dir.resolve("stderr.txt"))).doesNotContain("LOADED");
  }

  @Test
  void configFileProviderAndEnvironment_installsConfiguresAndLoads() throws Exception {
    Files.write(dir.resolve("echo.wasm"), echo);
    Files.writeString(
        dir.resolve("airlock.yaml"),
        """
        plugins:
          directory: plugins
          debounce: 50ms
        providers:
          - name: echo
            path: echo.wasm
            config: {greeting: hi}
        """);
    start(
        Map.of("PLUGIN_MAX_MEMORY_MB", "32", "PLUGINS_PATH", ""),
        "host",
        "--config",
        "airlock.yaml");

    String installed = await(l -> l.contains(" INSTALLED "));
    String loaded = await(l -> l.contains(" echo LOADED "));
    await(l -> l.contains(" STARTED "));

    assertThat(installed).matches(TIME + " \\* INSTALLED echo.wasm from \\[\\[providers\\]\\]");
    assertThat(loaded).matches(TIME + " echo LOADED 0.0.0 from echo.wasm, enabled");
    assertThat(dir.resolve("plugins/echo.wasm")).hasBinaryContent(echo);
    assertThat(Files.readString(dir.resolve("plugins/.airlock-state.json")))
        .contains("\"greeting\"", "\"hi\"");
  }

  @Test
  void configShow_readsTheRealEnvironment() throws Exception {
    start(Map.of("PLUGIN_MAX_MEMORY_MB", "32", "PLUGIN_ALLOW_NETWORK", "yes"), "config", "show");

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    await(l -> l.matches("max_memory +32MiB +\\(env PLUGIN_MAX_MEMORY_MB\\)"));
    await(l -> l.matches("allow_network +true +\\(env PLUGIN_ALLOW_NETWORK\\)"));
  }

  @Test
  void pluginsDisabledByEnvironment_exitsZeroWithoutAHost() throws Exception {
    start(Map.of("PLUGINS_ENABLED", "false"), "host", "--dir", "plugins");

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    await(l -> l.matches(TIME + " \\* DISABLED plugins are switched off.*"));
    assertThat(dir.resolve("plugins")).doesNotExist();
  }
}
