package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock serve} as the README runs it: a fresh JVM on a free port, the URL and admin token
 * it prints used as a person would use them.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ServeCommandIT {
  private static final String TOKEN_HEADING =
      "  admin token (shown once; only its hash is stored):";

  @TempDir Path dir;
  final List<CliProcess> started = new ArrayList<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void tearDown() {
    started.forEach(CliProcess::close);
  }

  /** Starts {@code serve} on 127.0.0.1:0 and waits for its last start-up line. */
  CliProcess serve(Map<String, String> env) throws Exception {
    CliProcess cli =
        CliProcess.start(
            dir, env, "serve", "--listen", "127.0.0.1:0", "--data", dir.resolve("data").toString());
    started.add(cli);
    cli.await(l -> l.startsWith("Open the URL"));
    return cli;
  }

  /** The URL the server printed. */
  static String url(CliProcess cli) throws Exception {
    String line = cli.await(l -> l.startsWith("Airlock server: "));
    String url = line.substring("Airlock server: ".length());
    assertThat(url).as(line).matches("http://127\\.0\\.0\\.1:\\d+/");
    assertThat(url).as("a port picked for :0").isNotEqualTo("http://127.0.0.1:0/");
    return url;
  }

  /** Stops it as Ctrl-C would (SIGTERM runs the same shutdown hook). */
  static void stop(CliProcess cli) throws Exception {
    cli.process.toHandle().destroy();
    assertThat(cli.process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
  }

  int status(String url, String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(
            b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void firstStart_printsUrlAndAOneTimeToken_thatWorks_aSecondStartPrintsNone() throws Exception {
    CliProcess first = serve(Map.of());
    String url = url(first);
    List<String> lines = List.copyOf(first.lines);
    int heading = lines.indexOf(TOKEN_HEADING);
    assertThat(heading).as("the token heading in:\n%s", String.join("\n", lines)).isNotNegative();
    String token = lines.get(heading + 1).strip();
    assertThat(token).matches("alk_[A-Za-z0-9_-]{43}");

    assertThat(status(url, "api/v1/health", null)).isEqualTo(200);
    assertThat(status(url, "api/v1/plugins", token)).isEqualTo(200);
    assertThat(status(url, "api/v1/plugins", null)).isEqualTo(401);
    assertThat(status(url, "api/v1/plugins", "alk_" + "x".repeat(43))).isEqualTo(401);
    stop(first);

    CliProcess second = serve(Map.of());
    String again = url(second);
    List<String> secondLines = List.copyOf(second.lines);
    assertThat(secondLines)
        .as("a second start on the same data directory")
        .doesNotContain(TOKEN_HEADING)
        .noneMatch(l -> l.contains("alk_"))
        .anyMatch(l -> l.startsWith("  admin token: the one printed at first start"));
    assertThat(status(again, "api/v1/plugins", token)).isEqualTo(200);
  }

  @Test
  void adminTokenFromTheEnvironment_isAccepted_andNoTokenIsPrinted() throws Exception {
    String secret = "env-admin-token-0123456789abcdef";
    CliProcess cli = serve(Map.of("AIRLOCK_ADMIN_TOKEN", secret));
    String url = url(cli);
    assertThat(cli.lines)
        .doesNotContain(TOKEN_HEADING)
        .noneMatch(l -> l.contains(secret) || l.contains("alk_"))
        .anyMatch(l -> l.startsWith("  admin token: the one in AIRLOCK_ADMIN_TOKEN"));
    assertThat(status(url, "api/v1/plugins", secret)).isEqualTo(200);
    assertThat(status(url, "api/v1/plugins", secret + "x")).isEqualTo(401);
  }
}
