package dev.airlock.catalog;

import dev.airlock.testing.HttpFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A directory served over HTTP on 127.0.0.1 by the JDK server: GET /x answers the file x. */
final class Served implements AutoCloseable {
  final Path root;
  final HttpFixture server;

  Served(Path root) {
    this.root = root;
    this.server =
        HttpFixture.start(
            Map.of(
                "/",
                x -> {
                  Path f = root.resolve(x.getRequestURI().getPath().substring(1)).normalize();
                  if (!f.startsWith(root) || !Files.isRegularFile(f)) {
                    HttpFixture.respond(404, new byte[0]).handle(x);
                  } else {
                    HttpFixture.respond(200, Files.readAllBytes(f)).handle(x);
                  }
                }),
            null);
  }

  String url(String file) {
    return server.baseUrl() + "/" + file;
  }

  @Override
  public void close() {
    server.close();
  }
}
