package dev.airlock.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * A small HTTP server on 127.0.0.1 with canned answers, for tests of code that talks HTTP (plugin
 * HTTP calls, registries behaving badly). Close it when done.
 */
public final class HttpFixture implements AutoCloseable {
  /** Answers one exchange. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Handles a request; must send headers and may write a body.
     *
     * @param exchange the JDK exchange
     * @throws IOException when writing fails
     */
    void handle(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;

  private HttpFixture(HttpServer server) {
    this.server = server;
  }

  /** Starts a server with one handler per path prefix. */
  public static HttpFixture start(Map<String, Handler> handlers) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      handlers.forEach(
          (path, h) ->
              server.createContext(
                  path,
                  x -> {
                    try (x) {
                      h.handle(x);
                    }
                  }));
      server.start();
      return new HttpFixture(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts an HTTPS server (or HTTP when {@code tls} is null) with one handler per path prefix,
   * each exchange on its own thread, so a stalled handler does not block the others.
   */
  public static HttpFixture start(Map<String, Handler> handlers, javax.net.ssl.SSLContext tls) {
    try {
      InetSocketAddress at = new InetSocketAddress("127.0.0.1", 0);
      HttpServer server;
      if (tls == null) {
        server = HttpServer.create(at, 0);
      } else {
        com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(at, 0);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        server = https;
      }
      handlers.forEach(
          (path, h) ->
              server.createContext(
                  path,
                  x -> {
                    try (x) {
                      h.handle(x);
                    }
                  }));
      server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
      server.start();
      return new HttpFixture(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A handler answering {@code status} with {@code body}. */
  public static Handler respond(int status, byte[] body) {
    return x -> {
      x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        x.getResponseBody().write(body);
      }
    };
  }

  /** A handler answering {@code status} with a {@code Location} header and no body. */
  public static Handler redirect(int status, String location) {
    return x -> {
      x.getResponseHeaders().add("Location", location);
      x.sendResponseHeaders(status, -1);
    };
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT}, or {@code https://…} for a TLS server. */
  public String baseUrl() {
    return (server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http")
        + "://127.0.0.1:"
        + port();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
