package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile ids in paths: a JSON 400 naming the rule, before anything is touched. */
class IdValidationIT {
  @TempDir Path data;

  @ParameterizedTest
  @ValueSource(strings = {"..%2f..%2fetc", "..%2F", "a%00b", "Echo", "%2e%2e", "a%20b"})
  void badPluginId_is400(String raw) throws Exception {
    try (ServerFixture s = ServerFixture.start(data)) {
      String[] answer = rawGet(s, "/api/v1/plugins/" + raw);
      assertThat(answer[0]).as(answer[1]).contains(" 400 ");
      assertThat(answer[1])
          .contains("\"error\":\"bad_request\"")
          .containsAnyOf("is not valid: expected 1-128", "ids in paths must be 1-128");
    }
  }

  @Test
  void overlongId_is400() throws Exception {
    try (ServerFixture s = ServerFixture.start(data)) {
      var r = s.get("/api/v1/plugins/" + "a".repeat(129) + "/enable");
      assertThat(r.status()).isEqualTo(404); // GET on enable: no such route
      var p = s.post("/api/v1/plugins/" + "a".repeat(129) + "/enable", null);
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.json().get("message").asText())
          .startsWith("plugin id 'aaaa")
          .endsWith(
              "(129 characters)' is not valid: expected 1-128 lowercase letters, digits,"
                  + " '-' or '_', starting with a letter");
    }
  }

  @Test
  void unknownRoute_isJson404() throws Exception {
    try (ServerFixture s = ServerFixture.start(data)) {
      var r = s.get("/api/v1/nothing");
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.json().get("error").asText()).isEqualTo("not_found");
    }
  }

  /** A request written by hand, so no client normalizes the path. */
  static String[] rawGet(ServerFixture s, String path) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", s.server.port())) {
      socket.setSoTimeout(10_000);
      String req =
          "GET "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + ServerFixture.ADMIN
              + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
      String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int nl = all.indexOf("\r\n");
      return new String[] {all.substring(0, nl) + " ", all.substring(all.indexOf("\r\n\r\n") + 4)};
    }
  }
}
