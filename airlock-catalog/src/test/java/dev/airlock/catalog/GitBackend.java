package dev.airlock.catalog;

import dev.airlock.testing.HttpFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Serves the git repositories under a directory over smart HTTP with the real {@code git
 * http-backend} (run as a CGI program per request), and records each request's Authorization header
 * (or "-" when there was none).
 */
final class GitBackend implements HttpFixture.Handler {
  private final Path root;
  private final List<String> authorizations;

  GitBackend(Path root, List<String> authorizations) {
    this.root = root;
    this.authorizations = authorizations;
  }

  @Override
  public void handle(com.sun.net.httpserver.HttpExchange x) throws IOException {
    String auth = x.getRequestHeaders().getFirst("Authorization");
    authorizations.add(auth == null ? "-" : auth);
    ProcessBuilder pb = new ProcessBuilder("git", "http-backend").redirectErrorStream(false);
    Map<String, String> env = pb.environment();
    env.put("GIT_PROJECT_ROOT", root.toString());
    env.put("GIT_HTTP_EXPORT_ALL", "1");
    env.put("PATH_INFO", x.getRequestURI().getPath());
    env.put(
        "QUERY_STRING",
        x.getRequestURI().getRawQuery() == null ? "" : x.getRequestURI().getRawQuery());
    env.put("REQUEST_METHOD", x.getRequestMethod());
    env.put("REMOTE_ADDR", "127.0.0.1");
    putHeader(env, x, "Content-Type", "CONTENT_TYPE");
    putHeader(env, x, "Content-Encoding", "HTTP_CONTENT_ENCODING");
    putHeader(env, x, "Git-Protocol", "GIT_PROTOCOL");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      x.getRequestBody().transferTo(in);
    }
    byte[] out;
    try (InputStream o = p.getInputStream()) {
      out = o.readAllBytes();
    }
    int split = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    int skip = 4;
    if (split < 0) {
      split = indexOf(out, "\n\n".getBytes(StandardCharsets.US_ASCII));
      skip = 2;
    }
    int status = 200;
    for (String line :
        new String(out, 0, Math.max(split, 0), StandardCharsets.ISO_8859_1).split("\r?\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (name.equalsIgnoreCase("Status")) {
        status = Integer.parseInt(value.substring(0, 3));
      } else {
        x.getResponseHeaders().add(name, value);
      }
    }
    int start = split < 0 ? 0 : split + skip;
    int length = out.length - start;
    x.sendResponseHeaders(status, length == 0 ? -1 : length);
    if (length > 0) {
      x.getResponseBody().write(out, start, length);
    }
  }

  private static void putHeader(
      Map<String, String> env, com.sun.net.httpserver.HttpExchange x, String header, String var) {
    String v = x.getRequestHeaders().getFirst(header);
    if (v != null) {
      env.put(var, v);
    }
  }

  private static int indexOf(byte[] data, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= data.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (data[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
