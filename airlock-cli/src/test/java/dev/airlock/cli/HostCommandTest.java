package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code airlock host} paths that end before the host runs; {@code HostCommandIT} runs one. */
class HostCommandTest {
  @TempDir Path dir;

  @Test
  void pluginsSwitchedOff_oneLine_exitZero_andNothingCreated() {
    CliRunner.Result r =
        ConfigCommandTest.run(
            Map.of("PLUGINS_ENABLED", "0"), "host", "--dir", dir.resolve("plugins"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .matches(
            "\\S+Z \\* DISABLED plugins are switched off \\(env PLUGINS_ENABLED\\); no host"
                + " started\n");
    assertThat(dir.resolve("plugins")).doesNotExist();
  }

  @Test
  void badSetting_oneLineAndUsageExitCode() {
    CliRunner.Result r =
        ConfigCommandTest.run(
            Map.of("PLUGIN_MAX_MEMORY_MB", "huge"), "host", "--dir", dir.resolve("p"));

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "error: env PLUGIN_MAX_MEMORY_MB: expected a whole number of MiB from 1 to 4096, got"
                + " 'huge'\n");
  }

  @Test
  void fileSourceNotAllowed_refusedBeforeStarting() {
    CliRunner.Result r =
        ConfigCommandTest.run(
            Map.of("PLUGIN_ALLOWED_SOURCES", "oci"), "host", "--dir", dir.resolve("p"));

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "error: this host loads plugins from a directory, but 'file' is not among the allowed"
                + " sources [oci]\n");
  }

  @Test
  void signaturesRequiredWithoutTrustRoot_refused() {
    CliRunner.Result r =
        ConfigCommandTest.run(Map.of(), "host", "--dir", dir.resolve("p"), "--require-signature");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "error: signatures are required (flag --require-signature) but no trust root is set;"
                + " give one with --trust-root, PLUGIN_TRUSTED_KEYS or plugins.trust_root, or stop"
                + " requiring signatures\n");
  }

  @Test
  void help_describesTheCommandAndFlags() {
    CliRunner.Result r = ConfigCommandTest.run(Map.of(), "host", "--help");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("Usage: airlock host", "--dir=DIR", "--[no-]hot-reload", "Ctrl-C stops it");
  }

  @Test
  void line_isTimePluginEventMessage_withControlCharactersBlanked() {
    StringWriter out = new StringWriter();

    HostCommand.line(
        new PrintWriter(out),
        Instant.parse("2026-01-02T03:04:05.678901Z"),
        "echo",
        "FAILED",
        "bad\nthing");
    HostCommand.line(
        new PrintWriter(out), Instant.parse("2026-01-02T03:04:05Z"), "*", "STOPPED", "");

    assertThat(out.toString())
        .isEqualTo(
            "2026-01-02T03:04:05.678Z echo FAILED bad thing"
                + System.lineSeparator()
                + "2026-01-02T03:04:05Z * STOPPED"
                + System.lineSeparator());
  }
}
