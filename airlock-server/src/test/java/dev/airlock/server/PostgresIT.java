package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every {@link ApiIT} test again on a real PostgreSQL (Debian's package, started here), plus
 * PostgreSQL restarting under a running server and PostgreSQL unreachable at start.
 */
class PostgresIT extends ApiIT {
  @RegisterExtension static final PostgresServer PG = new PostgresServer();
  String url;

  @Override
  ServerFixture open() throws Exception {
    if (url == null) {
      url = PG.harness().newDatabase();
    }
    return ServerFixture.start(data, Optional.of(url), ServerOptions.DEFAULT_MAX_UPLOAD, Map.of());
  }

  @Test
  void postgresRestart_requestsFailClearly_thenRecover() throws Exception {
    s.installExample("echo");
    s.post("/api/v1/plugins/echo/enable", null);
    assertThat(s.get("/api/v1/ready").status()).isEqualTo(200);
    PG.harness().stop();
    try {
      var list = s.get("/api/v1/plugins");
      assertThat(list.status()).isEqualTo(503);
      assertThat(list.json().get("error").asText()).isEqualTo("database_unavailable");
      assertThat(list.json().get("message").asText())
          .startsWith("the database (PostgreSQL) cannot be reached: ")
          .endsWith("; nothing was changed, retry when it is back");
      var enable = s.post("/api/v1/plugins/echo/disable", null);
      assertThat(enable.status()).isEqualTo(503);
      var ready = s.send("GET", "/api/v1/ready", null, null, null);
      assertThat(ready.status()).isEqualTo(503);
      // Calls do not touch the database: the enabled plugin keeps serving.
      assertThat(s.invoke("echo", "echo", "db down").text()).isEqualTo("db down");
    } finally {
      PG.harness().restart();
    }
    assertThat(s.get("/api/v1/ready").status()).isEqualTo(200);
    var list = s.get("/api/v1/plugins");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().get("items").get(0).get("status").asText()).isEqualTo("enabled");
    assertThat(s.post("/api/v1/plugins/echo/disable", null).status()).isEqualTo(200);
  }

  @Test
  void postgresUnreachableAtStart_isAClearError() throws Exception {
    int closed;
    try (var sock = new java.net.ServerSocket(0)) {
      closed = sock.getLocalPort();
    }
    String bad = "jdbc:postgresql://127.0.0.1:" + closed + "/airlock?user=airlock";
    assertThatThrownBy(
            () ->
                AirlockServer.start(
                    ServerFixture.options(
                        data.resolve("other"),
                        Optional.of(bad),
                        ServerOptions.DEFAULT_MAX_UPLOAD,
                        Map.of())))
        .isInstanceOf(ServerStartException.class)
        .hasMessageStartingWith(
            "cannot use the database at " + bad + ": the database (PostgreSQL) cannot be reached: ")
        .hasMessageContaining("Connection to 127.0.0.1:" + closed + " refused")
        .hasMessageEndingWith("(check that it runs and that the URL, user and password are right)");
  }
}
