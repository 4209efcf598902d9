package dev.airlock.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.host.SettingsLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** A running server on 127.0.0.1 and a free port, with an HTTP client and an admin token. */
final class ServerFixture implements AutoCloseable {
  static final String ADMIN = "alk_test_admin_token_0123456789abcdef";

  final AirlockServer server;
  final Path data;
  private final int remotePort;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private ServerFixture(AirlockServer server, Path data) {
    this.server = server;
    this.data = data;
    this.remotePort = -1;
  }

  private ServerFixture(int port) {
    this.server = null;
    this.data = null;
    this.remotePort = port;
  }

  /** A client of a server running in another process. */
  static final class Remote extends Delegate {
    Remote(int port) {
      super(new ServerFixture(port));
    }
  }

  /** Forwards to a fixture (so a remote one reads like a local one). */
  static class Delegate {
    final ServerFixture f;

    Delegate(ServerFixture f) {
      this.f = f;
    }

    Answer get(String path) throws IOException, InterruptedException {
      return f.get(path);
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
      return f.post(path, json);
    }

    Answer invoke(String id, String hook, String input) throws IOException, InterruptedException {
      return f.invoke(id, hook, input);
    }

    Answer upload(String method, String path, Multipart m)
        throws IOException, InterruptedException {
      return f.upload(method, path, m);
    }
  }

  static ServerFixture wrap(AirlockServer server, Path data) {
    return new ServerFixture(server, data);
  }

  static ServerFixture start(Path data) throws Exception {
    return start(data, Optional.empty(), ServerOptions.DEFAULT_MAX_UPLOAD, Map.of());
  }

  static ServerFixture start(
      Path data, Optional<String> jdbc, long maxUpload, Map<String, String> env) throws Exception {
    return new ServerFixture(AirlockServer.start(options(data, jdbc, maxUpload, env)), data);
  }

  static ServerOptions options(
      Path data, Optional<String> jdbc, long maxUpload, Map<String, String> env) throws Exception {
    var settings =
        SettingsLoader.load(
            Map.of("directory", data.resolve("plugins").toString()), env, Optional.empty());
    return new ServerOptions(
        "127.0.0.1", 0, data, jdbc, settings, Optional.of(ADMIN), maxUpload, Duration.ofSeconds(3));
  }

  String base() {
    return "http://127.0.0.1:" + (server != null ? server.port() : remotePort);
  }

  /** An HTTP answer. */
  record Answer(int status, byte[] body, java.net.http.HttpHeaders headers) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    JsonNode json() throws IOException {
      return Json.MAPPER.readTree(body);
    }

    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  Answer send(String method, String path, String token, byte[] body, String contentType)
      throws IOException, InterruptedException {
    return send(method, path, token, body, contentType, Map.of());
  }

  Answer send(
      String method,
      String path,
      String token,
      byte[] body,
      String contentType,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    headers.forEach(b::header);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(r.statusCode(), r.body(), r.headers());
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send("GET", path, ADMIN, null, null);
  }

  Answer post(String path, String json) throws IOException, InterruptedException {
    return send(
        "POST",
        path,
        ADMIN,
        json == null ? null : json.getBytes(StandardCharsets.UTF_8),
        json == null ? null : "application/json");
  }

  Answer put(String path, String json) throws IOException, InterruptedException {
    return send("PUT", path, ADMIN, json.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  Answer installExample(String name) throws IOException, InterruptedException {
    return post("/api/v1/plugins", "{\"source\":\"example\",\"name\":\"" + name + "\"}");
  }

  Answer invoke(String id, String hook, String input) throws IOException, InterruptedException {
    return send(
        "POST",
        "/api/v1/plugins/" + id + "/invoke/" + hook,
        ADMIN,
        input.getBytes(StandardCharsets.UTF_8),
        "application/octet-stream");
  }

  /** A multipart body; parts are (field, filename, bytes). */
  static final class Multipart {
    final String boundary = "airlock-test-boundary-7f3a";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Multipart file(String field, String filename, byte[] content) {
      write(
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\""
              + field
              + "\"; filename=\""
              + filename
              + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
      out.writeBytes(content);
      write("\r\n");
      return this;
    }

    byte[] bytes() {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.writeBytes(out.toByteArray());
      all.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      return all.toByteArray();
    }

    String contentType() {
      return "multipart/form-data; boundary=" + boundary;
    }

    private void write(String s) {
      out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  Answer upload(String method, String path, Multipart m) throws IOException, InterruptedException {
    return send(method, path, ADMIN, m.bytes(), m.contentType());
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
