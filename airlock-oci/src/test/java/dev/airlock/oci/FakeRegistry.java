package dev.airlock.oci;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A registry of our own for unit tests (a fake, on 127.0.0.1 and a free port): routes {@code
 * "METHOD /path"} to handlers, 404 otherwise, and records every request with its {@code
 * Authorization} header. Hostile tests route it to misbehave.
 */
final class FakeRegistry implements AutoCloseable {
  /** A request as the fake saw it. */
  record Seen(String method, String path, String authorization) {}

  /** Answers one request. */
  interface Handler {
    void handle(HttpExchange ex) throws IOException;
  }

  private final HttpServer server;
  private final Map<String, Handler> routes = new ConcurrentHashMap<>();
  private volatile Handler fallback;
  final List<Seen> seen = new CopyOnWriteArrayList<>();

  FakeRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          String path = ex.getRequestURI().getRawPath();
          String query = ex.getRequestURI().getRawQuery();
          seen.add(
              new Seen(ex.getRequestMethod(), path + (query == null ? "" : "?" + query), auth));
          Handler h = routes.getOrDefault(ex.getRequestMethod() + " " + path, fallback);
          try {
            if (h == null) {
              send(
                  ex,
                  404,
                  "application/json",
                  "{\"errors\":[{\"code\":\"NOT_FOUND\",\"message\":\"unknown\"}]}"
                      .getBytes(StandardCharsets.UTF_8));
            } else {
              h.handle(ex);
            }
          } catch (IOException e) {
            // the client went away (an endless body, a refused download): nothing to do
          } finally {
            ex.close();
          }
        });
    server.start();
  }

  String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  FakeRegistry route(String methodAndPath, Handler h) {
    routes.put(methodAndPath, h);
    return this;
  }

  /** Answers every request no route matches (instead of 404). */
  FakeRegistry fallback(Handler h) {
    this.fallback = h;
    return this;
  }

  /** Serves a manifest at its digest (GET and HEAD) and, when given, a tag. */
  FakeRegistry manifest(String repo, String tag, String mediaType, byte[] bytes) {
    Digest d = Digest.sha256(bytes);
    Handler get =
        ex -> {
          ex.getResponseHeaders().set("Docker-Content-Digest", d.toString());
          send(ex, 200, mediaType, bytes);
        };
    Handler head =
        ex -> {
          ex.getResponseHeaders().set("Docker-Content-Digest", d.toString());
          ex.getResponseHeaders().set("Content-Type", mediaType);
          ex.getResponseHeaders().set("Content-Length", String.valueOf(bytes.length));
          ex.sendResponseHeaders(200, -1);
        };
    for (String ref : tag == null ? List.of(d.toString()) : List.of(d.toString(), tag)) {
      route("GET /v2/" + repo + "/manifests/" + ref, get);
      route("HEAD /v2/" + repo + "/manifests/" + ref, head);
    }
    return this;
  }

  FakeRegistry blob(String repo, byte[] bytes) {
    return route(
        "GET /v2/" + repo + "/blobs/" + Digest.sha256(bytes),
        ex -> send(ex, 200, "application/octet-stream", bytes));
  }

  static void send(HttpExchange ex, int code, String type, byte[] body) throws IOException {
    if (type != null) {
      ex.getResponseHeaders().set("Content-Type", type);
    }
    ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
