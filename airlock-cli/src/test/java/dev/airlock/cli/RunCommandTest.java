package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.HostileModules;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
  @TempDir Path dir;
  Path echo;
  Path input;

  @BeforeEach
  void setUp() throws Exception {
    try (InputStream in =
        ClassLoader.getSystemClassLoader().getResourceAsStream("dev/airlock/examples/echo.wasm")) {
      echo = Files.write(dir.resolve("echo.wasm"), in.readAllBytes());
    }
    input = Files.writeString(dir.resolve("in.txt"), "hello, sandbox");
  }

  @Test
  void run_bareWasm_printsTheOutput() {
    CliRunner.Result r =
        CliRunner.run("run", echo, "--hook", "echo", "--input", input, "--no-compile-cache");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("hello, sandbox");
  }

  @Test
  void run_signedArtefactWithTrustRoot() throws Exception {
    CliRunner.run("keygen", "--out", dir.resolve("k"));
    Files.createDirectories(dir.resolve("trust"));
    Files.copy(dir.resolve("k.pub"), dir.resolve("trust/k.pub"));
    CliRunner.run(
        "pack",
        "--wasm",
        echo,
        "--name",
        "echo",
        "--version",
        "1.0.0",
        "--hooks",
        "echo",
        "--key",
        dir.resolve("k.key"),
        "--out",
        dir.resolve("echo.tar.gz"));

    CliRunner.Result r =
        CliRunner.run(
            "run",
            dir.resolve("echo.tar.gz"),
            "--hook",
            "echo",
            "--input",
            input,
            "--trust-root",
            dir.resolve("trust"),
            "--no-compile-cache");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("hello, sandbox");
  }

  @Test
  void run_infiniteLoop_exitCode8WithTheLimit() throws Exception {
    Path loop = Files.write(dir.resolve("loop.wasm"), HostileModules.infiniteLoop());

    CliRunner.Result r =
        CliRunner.run("run", loop, "--hook", "run", "--timeout", "150ms", "--no-compile-cache");

    assertThat(r.code()).isEqualTo(ExitCodes.PLUGIN_TIMEOUT);
    assertThat(r.err())
        .startsWith(
            "error: plugin 'loop' hook 'run' exceeded its time limit of"
                + " 150 ms and was stopped after ");
  }

  @Test
  void run_trap_exitCode7() throws Exception {
    Path traps = Files.write(dir.resolve("traps.wasm"), HostileModules.traps());

    CliRunner.Result r =
        CliRunner.run("run", traps, "--hook", "divide_by_zero", "--no-compile-cache");

    assertThat(r.code()).isEqualTo(ExitCodes.PLUGIN_TRAP);
    assertThat(r.err())
        .isEqualTo(
            "error: plugin 'traps' hook 'divide_by_zero' trapped: integer" + " divide by zero\n");
  }

  @Test
  void run_missingImport_exitCode6() throws Exception {
    Path bad = Files.write(dir.resolve("bad.wasm"), HostileModules.missingImport());

    CliRunner.Result r = CliRunner.run("run", bad, "--hook", "run", "--no-compile-cache");

    assertThat(r.code()).isEqualTo(ExitCodes.PLUGIN_LOAD);
    assertThat(r.err()).contains("env.launch_missiles (not provided)");
  }

  @Test
  void run_logsGoToStderr_sanitized() throws Exception {
    Path flood = Files.write(dir.resolve("flood.wasm"), HostileModules.wasiStdioFlood());

    CliRunner.Result r = CliRunner.run("run", flood, "--hook", "run", "--no-compile-cache");

    assertThat(r.err()).contains("[flood] ").doesNotContain("\u001b");
  }

  @Test
  void run_badDuration_usageError() {
    CliRunner.Result r = CliRunner.run("run", echo, "--hook", "echo", "--timeout", "soon");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo("error: duration should look like 200ms, 3s, 2m or 1h, got" + " 'soon'\n");
  }

  @Test
  void bench_reportsThroughputLatencyAndInstances() throws Exception {
    CliRunner.Result r =
        CliRunner.run(
            "bench",
            echo,
            "--hook",
            "echo",
            "--input",
            input,
            "--duration",
            "1s",
            "--warmup",
            "1s",
            "--threads",
            "2",
            "--isolation",
            "pooled",
            "--json",
            "--no-compile-cache");

    assertThat(r.code()).as(r.err()).isZero();
    var json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("calls").asLong()).isPositive();
    assertThat(json.get("threads").asInt()).isEqualTo(2);
    assertThat(json.get("p99_us").asDouble()).isGreaterThanOrEqualTo(json.get("p50_us").asDouble());
    assertThat(json.get("instances_created").asLong()).isLessThanOrEqualTo(2);
  }
}
