package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractCommandsTest {
  @TempDir Path dir;

  Path example(String name) throws Exception {
    try (InputStream in =
        ClassLoader.getSystemClassLoader()
            .getResourceAsStream("dev/airlock/examples/" + name + ".wasm")) {
      return Files.write(dir.resolve(name.replace('-', '_') + ".wasm"), in.readAllBytes());
    }
  }

  @Test
  void test_validationHook_printsTheVerdict() throws Exception {
    Path sample = Files.write(dir.resolve("widget-1.2.0.jar"), new byte[100]);
    Path empty = Files.write(dir.resolve("empty-1.0.0.jar"), new byte[0]);

    CliRunner.Result ok =
        CliRunner.run(
            "test",
            "--plugin",
            example("upload-policy"),
            "--artifact",
            sample,
            "--no-compile-cache");
    CliRunner.Result refused =
        CliRunner.run(
            "test",
            "--plugin",
            example("upload-policy"),
            "--artifact",
            empty,
            "--no-compile-cache");

    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).startsWith("validate_upload: UploadDecision[rejections=[],");
    assertThat(refused.out()).startsWith("validate_upload: UploadDecision[rejections=[Remark[");
  }

  @Test
  void test_formatHandler_parsesAndValidates() throws Exception {
    Path sample =
        Files.write(dir.resolve("filter-2.1.0.wasm"), new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});

    CliRunner.Result r =
        CliRunner.run(
            "test", "--plugin", example("wasm-format"), "--artifact", sample, "--no-compile-cache");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "format handler, key 'wasm'", "parse_metadata: ", "validate: FormatCheck[valid=true");
  }

  @Test
  void test_pluginWithoutContractHooks_isAUsageError() throws Exception {
    CliRunner.Result r =
        CliRunner.run(
            "test",
            "--plugin",
            example("echo"),
            "--artifact",
            example("echo"),
            "--no-compile-cache");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("error: plugin 'echo' serves no hook a sample can test");
  }

  @Test
  void profile_reportsThePhases() throws Exception {
    Path input = Files.writeString(dir.resolve("in.txt"), "x".repeat(1024));

    CliRunner.Result r =
        CliRunner.run(
            "profile",
            "--plugin",
            example("echo"),
            "--hook",
            "echo",
            "--input",
            input,
            "--duration",
            "1s",
            "--warmup",
            "1s",
            "--no-compile-cache");

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("calls/s", "where the time goes", "instantiate", "copy in", "guest", "copy out");
  }
}
