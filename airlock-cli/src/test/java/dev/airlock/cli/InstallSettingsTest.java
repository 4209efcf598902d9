package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.HttpFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock install --config FILE}: the file's [catalog] credentials go to their host, a
 * --bearer flag for the same host wins, and neither install nor config show prints a secret.
 */
class InstallSettingsTest {
  @TempDir Path tmp;

  /** A server that records each request's Authorization header and answers 404. */
  static HttpFixture recording(List<String> seen) {
    return HttpFixture.start(
        Map.of(
            "/",
            x -> {
              String a = x.getRequestHeaders().getFirst("Authorization");
              seen.add(a == null ? "-" : a);
              HttpFixture.respond(404, new byte[0]).handle(x);
            }));
  }

  @Test
  void fileCredentials_sentToTheirHost_andAFlagOverridesThem() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (HttpFixture s = recording(seen)) {
      String host = "127.0.0.1:" + s.port();
      Path config =
          Files.writeString(
              tmp.resolve("airlock.toml"),
              "[catalog.credentials.\"" + host + "\"]\nbearer = \"from-file\"\n");
      Path plugins = tmp.resolve("plugins");
      String url = s.baseUrl() + "/echo.wasm";

      CliRunner.Result r = CliRunner.run("install", url, "--dest", plugins, "--config", config);
      assertThat(r.code()).isNotZero();
      assertThat(r.err()).doesNotContain("from-file");
      assertThat(seen).isNotEmpty().containsOnly("Bearer from-file");

      seen.clear();
      r =
          CliRunner.run(
              "install", url, "--dest", plugins, "--config", config, "--bearer", host + "=flag");
      assertThat(r.code()).isNotZero();
      assertThat(seen).isNotEmpty().containsOnly("Bearer flag");

      seen.clear();
      r =
          CliRunner.run(
              "install", url, "--dest", plugins, "--config", config, "--bearer", "other=flag");
      assertThat(seen).isNotEmpty().containsOnly("Bearer from-file");
      assertThat(plugins)
          .satisfiesAnyOf(
              p -> assertThat(p).doesNotExist(),
              p ->
                  assertThat(
                          Files.list(p)
                              .filter(
                                  f -> !f.getFileName().toString().startsWith(".airlock-install"))
                              .toList())
                      .isEmpty());

      CliRunner.Result show = CliRunner.run("config", "show", "--config", config);
      assertThat(show.code()).as(show.err()).isZero();
      assertThat(show.out()).doesNotContain("from-file");
    }
  }

  @Test
  void unknownKeyInTheCatalogTable_isAUsageErrorWithItsPlace() throws Exception {
    Path config =
        Files.writeString(
            tmp.resolve("airlock.toml"), "[catalog.credentials.\"h.example\"]\ntoken = \"s3\"\n");
    CliRunner.Result r =
        CliRunner.run("install", "x.wasm", "--dest", tmp.resolve("p"), "--config", config);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .isEqualTo(
            "error: "
                + config
                + ": unknown key 'catalog.credentials.\"h.example\".token' (known keys: bearer,"
                + " username, password)\n");
    assertThat(tmp.resolve("p")).doesNotExist();
  }
}
