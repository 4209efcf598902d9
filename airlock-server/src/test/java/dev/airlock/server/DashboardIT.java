package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard walkthrough in Debian's headless Chromium, driven by Playwright (playwright-core,
 * pinned in src/test/browser/package-lock.json and installed here with {@code npm ci}). Screenshots
 * go to target/screenshots.
 */
class DashboardIT {
  @TempDir Path data;

  @Test
  void signIn_install_enable_invoke_counted_liveLogs_schemaError_byNameAndUrl_disable()
      throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/chromium")),
        "Debian's chromium is not installed (./build test installs it: apt-get install chromium)");
    Path browser = prepareBrowserHarness();
    Path shots = Path.of("target/screenshots").toAbsolutePath();
    if (Files.exists(shots)) {
      PluginApi.deleteTree(shots); // no screenshot of an earlier run passes for this one
    }
    Path www = Files.createDirectories(data.resolve("www"));
    try (var http = SourceFixtures.serve(www);
        ServerFixture s =
            SourceFixtures.start(
                data.resolve("server"),
                SourceOptions.defaults().withIndex(http.baseUrl() + "/index.json"),
                java.util.Map.of())) {
      // a catalog index with one signed plugin, for "install by name"
      Path relay = www.resolve("relay-1.0.0.tar.gz");
      Files.write(
          relay,
          Artefacts.tarGz(Artefacts.demoKey(s.data), "echo", "relay", "1.0.0", List.of("echo")));
      new dev.airlock.catalog.Publisher(
              java.time.Clock.systemUTC(), dev.airlock.catalog.Publisher.DEFAULT_VALIDITY)
          .add(
              www.resolve("index.json"),
              relay,
              java.util.Optional.of(http.baseUrl()),
              java.util.Optional.of(Artefacts.demoKey(s.data)));
      // a signed artefact at a plain URL, for "install by URL"
      Files.write(
          www.resolve("shout-2.1.0.tar.gz"),
          Artefacts.tarGz(
              Artefacts.demoKey(s.data), "uppercase", "shout", "2.1.0", List.of("uppercase")));
      byte[] wasm = ExamplePlugins.wasm("uppercase");
      Path upload = Files.createDirectories(data.resolve("upload"));
      Files.write(upload.resolve("uppercase.wasm"), wasm);
      Files.write(
          upload.resolve("uppercase.sig"), Artefacts.signatureOf(Artefacts.demoKey(s.data), wasm));
      Process node =
          new ProcessBuilder(
                  "node",
                  "dashboard.mjs",
                  s.base() + "/",
                  ServerFixture.ADMIN,
                  shots.toString(),
                  upload.resolve("uppercase.wasm").toString(),
                  upload.resolve("uppercase.sig").toString(),
                  http.baseUrl() + "/shout-2.1.0.tar.gz")
              .directory(browser.toFile())
              .redirectErrorStream(true)
              .start();
      String output;
      boolean done = node.waitFor(180, TimeUnit.SECONDS);
      output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!done) {
        node.destroyForcibly();
      }
      assertThat(done).as("the walkthrough finished in time:\n" + output).isTrue();
      assertThat(node.exitValue()).as(output).isZero();
      assertThat(output).contains("dashboard walkthrough passed");
      for (String png :
          List.of(
              "01-sign-in.png",
              "02-installed-disabled.png",
              "03-invoked-call-counted.png",
              "04-live-logs.png",
              "05-config-schema-error.png",
              "05b-installed-by-name.png",
              "05c-installed-by-url.png",
              "06-uploaded.png",
              "07-disabled.png")) {
        assertThat(shots.resolve(png)).isNotEmptyFile();
      }
      // The server saw what the browser did.
      var echo = s.get("/api/v1/plugins/echo").json();
      assertThat(echo.get("status").asText()).isEqualTo("disabled");
      assertThat(echo.get("stats").get("calls").asLong()).isEqualTo(1);
      assertThat(s.get("/api/v1/plugins/uppercase").json().get("source").asText())
          .isEqualTo("upload:uppercase.wasm");
      assertThat(s.get("/api/v1/plugins/relay").json().get("source").asText())
          .startsWith("registry:relay@1.0.0 from http://127.0.0.1:");
      var shout = s.get("/api/v1/plugins/shout").json();
      assertThat(shout.get("version").asText()).isEqualTo("2.1.0");
      assertThat(shout.get("source").asText()).contains("/shout-2.1.0.tar.gz");
      var greeter = s.get("/api/v1/plugins/greeter").json().get("stats");
      assertThat(greeter.get("errors").asLong()).as(greeter.toString()).isEqualTo(1);
    }
  }

  /** Copies the pinned package files to target/browser and runs {@code npm ci} there. */
  static Path prepareBrowserHarness() throws IOException, InterruptedException {
    Path src = Path.of("src/test/browser").toAbsolutePath();
    Path dir = Files.createDirectories(Path.of("target/browser").toAbsolutePath());
    for (String f : List.of("package.json", "package-lock.json", "dashboard.mjs")) {
      Files.copy(src.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
      Process npm =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(npm.waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(npm.exitValue()).as("npm ci:\n" + out).isZero();
    }
    return dir;
  }
}
