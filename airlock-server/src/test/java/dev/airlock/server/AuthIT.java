package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every route × every kind of caller: no token, a bad token, and a token of each scope. */
class AuthIT {
  @TempDir Path data;

  @Test
  void everyRoute_everyScope_401or403orAllowed() throws Exception {
    try (ServerFixture s = ServerFixture.start(data)) {
      s.installExample("echo");
      s.post("/api/v1/plugins/echo/enable", null);
      Map<Scope, String> tokens = new java.util.EnumMap<>(Scope.class);
      for (Scope scope : Scope.values()) {
        var r = s.post("/api/v1/tokens", "{\"name\":\"t\",\"scopes\":[\"" + scope.label() + "\"]}");
        assertThat(r.status()).isEqualTo(201);
        tokens.put(scope, r.json().get("token").asText());
      }
      List<String> walked = new ArrayList<>();
      // Reads first, destructive routes last, so each allowed call still finds its plugin.
      List<Route> routes = new ArrayList<>(s.server.routes());
      routes.sort(java.util.Comparator.comparing((Route r) -> r.method().name().equals("DELETE")));
      for (Route r : routes) {
        String path =
            r.path()
                .replace("{id}", "echo")
                .replace("{hook}", "echo")
                .replace("{tokenId}", "tok_000000000000");
        String label = r.method() + " " + r.path();
        int none = status(s, r.method().name(), path, null);
        int bad = status(s, r.method().name(), path, "alk_not_a_real_token");
        if (r.access() == Access.PUBLIC) {
          assertThat(none).as(label + " without a token").isNotIn(401, 403);
          walked.add(label);
          continue;
        }
        assertThat(none).as(label + " without a token").isEqualTo(401);
        assertThat(bad).as(label + " with a bad token").isEqualTo(401);
        for (Scope scope : Scope.values()) {
          int got = status(s, r.method().name(), path, tokens.get(scope));
          boolean allowed =
              r.access() == Access.ANY || scope == r.access().scope || scope == Scope.ADMIN;
          if (allowed) {
            assertThat(got).as(label + " with " + scope.label()).isNotIn(401, 403);
          } else {
            assertThat(got).as(label + " with " + scope.label()).isEqualTo(403);
          }
        }
        walked.add(label);
      }
      assertThat(walked).hasSize(s.server.routes().size());
    }
  }

  @Test
  void withoutAToken_theAnswerNamesTheScopeTheRouteNeeds() throws Exception {
    try (ServerFixture s = ServerFixture.start(data)) {
      var invoke = s.send("POST", "/api/v1/plugins/echo/invoke/echo", null, null, null);
      assertThat(invoke.status()).isEqualTo(401);
      assertThat(invoke.json().get("message").asText())
          .isEqualTo(
              "this route needs a bearer token with scope 'invoke': send 'Authorization: Bearer"
                  + " <token>' (make one with 'airlock token create --scope invoke')");
      var admin = s.send("POST", "/api/v1/plugins/echo/enable", null, null, null);
      assertThat(admin.json().get("message").asText())
          .contains("with scope 'admin'")
          .contains("--scope admin");
      var any = s.send("GET", "/api/v1/whoami", null, null, null);
      assertThat(any.json().get("message").asText())
          .isEqualTo(
              "this route needs a bearer token: send 'Authorization: Bearer <token>' (make one"
                  + " with 'airlock token create --scope read')");
    }
  }

  @Test
  void revokedToken_is401_andTokensAreStoredHashed() throws Exception {
    try (ServerFixture s = ServerFixture.start(data)) {
      var made = s.post("/api/v1/tokens", "{\"scopes\":[\"read\"]}").json();
      String secret = made.get("token").asText();
      assertThat(s.send("GET", "/api/v1/plugins", secret, null, null).status()).isEqualTo(200);
      String listed = s.get("/api/v1/tokens").text();
      assertThat(listed).doesNotContain(secret).doesNotContain(ServerFixture.ADMIN);
      // SQLite keeps recent writes in its write-ahead log: read both files.
      String db = "";
      for (String f : new String[] {"airlock.db", "airlock.db-wal"}) {
        if (java.nio.file.Files.exists(data.resolve(f))) {
          db +=
              new String(
                  java.nio.file.Files.readAllBytes(data.resolve(f)),
                  java.nio.charset.StandardCharsets.ISO_8859_1);
        }
      }
      assertThat(db)
          .doesNotContain(secret)
          .contains(java.util.HexFormat.of().formatHex(Tokens.hash(secret)));
      var revoked =
          s.send(
              "DELETE",
              "/api/v1/tokens/" + made.get("id").asText(),
              ServerFixture.ADMIN,
              null,
              null);
      assertThat(revoked.status()).isEqualTo(204);
      var after = s.send("GET", "/api/v1/plugins", secret, null, null);
      assertThat(after.status()).isEqualTo(401);
      assertThat(after.json().get("message").asText())
          .isEqualTo("the bearer token is not valid (unknown or revoked)");
    }
  }

  @Test
  void tokenSecrets_neverAppearInTheLogOrOnStdoutAndStderr() throws Exception {
    Logger root = Logger.getLogger("");
    Logger airlock = Logger.getLogger("dev.airlock");
    Level airlockLevel = airlock.getLevel();
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    Handler handler = new StreamHandler(logged, new SimpleFormatter());
    handler.setLevel(Level.ALL);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    List<String> secrets = new ArrayList<>();
    // Added before the server starts, as an operator's logging.properties handlers are.
    root.addHandler(handler);
    // Every level, ours and Jetty's: Jetty's DEBUG log prints request headers, Authorization
    // included, and the server's SecretRedaction must mask them.
    Logger jetty = Logger.getLogger("org.eclipse.jetty");
    Level jettyLevel = jetty.getLevel();
    airlock.setLevel(Level.ALL);
    jetty.setLevel(Level.ALL);
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try (ServerFixture s = bootstrapOnly(data)) {
      // The one-time token made at first start, as `airlock serve` would print it.
      String admin = s.server.generatedAdminToken().orElseThrow();
      secrets.add(admin);
      assertThat(installExample(s, admin).status()).isEqualTo(201);
      var made =
          s.send(
              "POST",
              "/api/v1/tokens",
              admin,
              "{\"name\":\"reader\",\"scopes\":[\"read\"]}".getBytes(StandardCharsets.UTF_8),
              "application/json");
      assertThat(made.status()).as(made.text()).isEqualTo(201);
      String reader = made.json().get("token").asText();
      secrets.add(reader);
      String unknown = Tokens.newSecret();
      secrets.add(unknown);

      // Authenticated: an enable (which the host logs) and a read.
      assertThat(s.send("POST", "/api/v1/plugins/echo/enable", admin, null, null).status())
          .isEqualTo(200);
      assertThat(s.send("GET", "/api/v1/plugins", reader, null, null).status()).isEqualTo(200);
      // Refused: a scope too small, an unknown token, a malformed header.
      assertThat(s.send("POST", "/api/v1/plugins/echo/disable", reader, null, null).status())
          .isEqualTo(403);
      assertThat(s.send("GET", "/api/v1/plugins", unknown, null, null).status()).isEqualTo(401);
      assertThat(
              s.send(
                      "GET",
                      "/api/v1/plugins",
                      null,
                      null,
                      null,
                      Map.of("Authorization", "Token " + unknown))
                  .status())
          .isEqualTo(401);
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
      airlock.setLevel(airlockLevel);
      jetty.setLevel(jettyLevel);
      handler.flush();
      root.removeHandler(handler);
    }
    String log = logged.toString(StandardCharsets.UTF_8);
    String out = printed.toString(StandardCharsets.UTF_8);
    // The capture works: the host logged the enable through it.
    assertThat(log).as("captured log").contains(" echo ENABLED");
    // ... and Jetty's header dump, with the credentials masked.
    assertThat(log).as("Jetty's DEBUG log of the request headers").contains("[redacted]");
    for (String secret : secrets) {
      String random = secret.substring("alk_".length());
      assertThat(log).as("the log").doesNotContain(random);
      assertThat(out).as("stdout and stderr").doesNotContain(random);
    }
  }

  /** A server on a fresh data directory with no AIRLOCK_ADMIN_TOKEN: it makes one. */
  private static ServerFixture bootstrapOnly(Path data) throws Exception {
    ServerOptions o =
        ServerFixture.options(data, Optional.empty(), ServerOptions.DEFAULT_MAX_UPLOAD, Map.of());
    return ServerFixture.wrap(
        AirlockServer.start(
            new ServerOptions(
                o.host(),
                o.port(),
                o.dataDirectory(),
                o.databaseUrl(),
                o.settings(),
                Optional.empty(),
                o.maxUploadBytes(),
                o.idleTimeout())),
        data);
  }

  private static ServerFixture.Answer installExample(ServerFixture s, String token)
      throws Exception {
    return s.send(
        "POST",
        "/api/v1/plugins",
        token,
        "{\"source\":\"example\",\"name\":\"echo\"}".getBytes(StandardCharsets.UTF_8),
        "application/json");
  }

  private static int status(ServerFixture s, String method, String path, String token)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(s.base() + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.header("Content-Type", "application/json");
    b.method(method, HttpRequest.BodyPublishers.ofString("{}"));
    // Headers only: the event streams never end.
    HttpResponse<InputStream> r = s.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    r.body().close();
    return r.statusCode();
  }
}
