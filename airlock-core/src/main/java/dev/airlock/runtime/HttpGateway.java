package dev.airlock.runtime;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The HTTP host function: only to hosts matching the plugin's {@code allowed_hosts} globs, no
 * redirects (a redirect could leave the allowed set), within the call's remaining time budget, with
 * request and response bodies capped.
 */
final class HttpGateway {
  /** Jackson's databind and the JDK's HTTP client cost ~0.5 s in a cold JVM: made on first use. */
  private static final class Json {
    static final ObjectMapper JSON = new ObjectMapper();
  }

  record Response(int status, byte[] body, byte[] headersJson) {}

  private volatile HttpClient client;

  private HttpClient client() {
    HttpClient c = client;
    if (c == null) {
      synchronized (this) {
        c = client;
        if (c == null) {
          c = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
          client = c;
        }
      }
    }
    return c;
  }

  Response send(CallState c, byte[] requestJson, byte[] body) {
    JsonNode req;
    try {
      req = Json.JSON.readTree(requestJson);
    } catch (IOException e) {
      throw new AbiViolation("http_request: the request is not JSON: " + e.getMessage());
    }
    String url = req.path("url").asText("");
    String method = req.path("method").asText("GET").toUpperCase(Locale.ROOT);
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new AbiViolation("http_request: bad url '" + url + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new AbiViolation("http_request: url must be http(s)://host/…, got '" + url + "'");
    }
    if (!allowed(uri.getHost(), c.plugin.grants.allowedHosts())) {
      throw AbiViolation.denied(
          "plugin '"
              + c.plugin.name
              + "' may not reach host '"
              + uri.getHost()
              + "' (allowed_hosts: "
              + c.plugin.grants.allowedHosts()
              + ")");
    }
    int cap = c.plugin.limits.maxHttpBodyBytes();
    if (body.length > cap) {
      throw new AbiViolation(
          "http_request body of " + body.length + " bytes is over the cap of " + cap + " bytes",
          cap,
          body.length);
    }
    long remaining = c.guard.remainingNanos();
    if (remaining <= 0) {
      throw new ChicoryInterruptedException("no time left for http_request");
    }
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofNanos(remaining))
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, JsonNode> h : req.path("headers").properties()) {
      try {
        b.header(h.getKey(), h.getValue().asText());
      } catch (IllegalArgumentException e) {
        throw new AbiViolation("http_request: header '" + h.getKey() + "' is not allowed");
      }
    }
    try {
      HttpResponse<InputStream> r =
          client().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      byte[] responseBody;
      try (InputStream in = r.body()) {
        responseBody = in.readNBytes(cap + 1);
      }
      if (responseBody.length > cap) {
        throw new AbiViolation(
            "http response body is over the cap of " + cap + " bytes", cap, cap + 1L);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      r.headers().map().forEach((k, v) -> headers.put(k, String.join(", ", v)));
      return new Response(r.statusCode(), responseBody, Json.JSON.writeValueAsBytes(headers));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChicoryInterruptedException("interrupted during http_request");
    } catch (java.net.http.HttpTimeoutException e) {
      throw new ChicoryInterruptedException("http_request ran out of time");
    } catch (IOException e) {
      throw new AbiViolation("http_request to " + uri.getHost() + " failed: " + e.getMessage());
    }
  }

  static boolean allowed(String host, List<String> globs) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String glob : globs) {
      String regex = Pattern.quote(glob.toLowerCase(Locale.ROOT)).replace("*", "\\E[^/]*\\Q");
      if (h.matches(regex)) {
        return true;
      }
    }
    return false;
  }
}
