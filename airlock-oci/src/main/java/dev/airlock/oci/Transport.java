package dev.airlock.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.oci.auth.Challenge;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Sends one registry request: picks https (http only for loopback or listed hosts, after https
 * failed with a plaintext answer), authenticates, follows redirects itself (dropping {@code
 * Authorization} when the redirect leaves the registry's origin), and retries connection errors and
 * 5xx with backoff, never 4xx.
 */
final class Transport {
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_ERROR_BODY = 8 * 1024;
  static final String BUFSIZE_PROPERTY = "jdk.httpclient.bufsize";

  static {
    // The JDK client moves bodies through 16 KiB buffers by default; with 256 KiB a 50 MiB pull
    // took 144-180 ms instead of 192-217 ms on loopback (4 interleaved runs each; pushes moved
    // less). The JDK reads the property when its first client is made: a value the user set wins,
    // and a client made before this class loads keeps the default.
    if (System.getProperty(BUFSIZE_PROPERTY) == null) {
      System.setProperty(BUFSIZE_PROPERTY, Integer.toString(256 * 1024));
    }
  }

  /**
   * One request. Body publishers are made afresh for every attempt; a large body that can also
   * write itself to a stream ({@code streamed}, may be null) goes over a blocking connection.
   */
  record Call(
      String method,
      String target,
      Map<String, String> headers,
      Supplier<HttpRequest.BodyPublisher> body,
      List<String> scopes,
      BlockingExchange.StreamedBody streamed) {
    Call(
        String method,
        String target,
        Map<String, String> headers,
        Supplier<HttpRequest.BodyPublisher> body,
        List<String> scopes) {
      this(method, target, headers, body, scopes, null);
    }
  }

  private final RegistryConfig config;
  private final Auth auth;
  private final BlockingExchange blocking;
  private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
  private final Map<String, String> schemes = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong blockingSent = new AtomicLong();
  private final AtomicLong blockingFallbacks = new AtomicLong();
  // Hosts where the blocking connection failed once: their large bodies go straight to the
  // client, so a registry it cannot talk to does not get every large blob twice.
  private final java.util.Set<String> blockingRefused = ConcurrentHashMap.newKeySet();

  Transport(RegistryConfig config) {
    this.config = config;
    this.auth = new Auth(config);
    this.blocking = new BlockingExchange(config);
  }

  long requestCount() {
    return requests.get();
  }

  /** Exchanges that went over {@link BlockingExchange}. */
  long blockingSent() {
    return blockingSent.get();
  }

  /** Exchanges that tried {@link BlockingExchange}, failed with an I/O error, and were resent. */
  long blockingFallbacks() {
    return blockingFallbacks.get();
  }

  HttpClient clientFor(String hostPort) throws OciException {
    HttpClient c = clients.get(hostPort);
    if (c == null) {
      c =
          HttpClient.newBuilder()
              .sslContext(TlsTrust.forRegistry(hostPort, config.certsDirs()))
              .connectTimeout(config.timeout())
              .followRedirects(HttpClient.Redirect.NEVER)
              .version(HttpClient.Version.HTTP_1_1)
              .build();
      HttpClient prev = clients.putIfAbsent(hostPort, c);
      c = prev != null ? prev : c;
    }
    return c;
  }

  /**
   * Sends a call and returns the final response (after auth, redirects and retries). The caller
   * reads and closes the body. Status codes are not interpreted beyond 401.
   */
  HttpResponse<InputStream> send(Repository repo, Call call) throws OciException {
    boolean authTried = false;
    while (true) {
      HttpResponse<InputStream> r = sendRetrying(repo, call);
      if (r.statusCode() != 401) {
        return r;
      }
      if (authTried) {
        throw unauthorized(repo, call, errorText(r));
      }
      List<Challenge> ch = Challenge.parse(r.headers().allValues("WWW-Authenticate"));
      String detail = errorText(r);
      authTried = true;
      if (!auth.authenticate(repo, ch, call.scopes(), this)) {
        throw unauthorized(repo, call, detail);
      }
    }
  }

  /**
   * Whether an Authorization value for these scopes is known (a cached token, Basic credentials).
   */
  boolean hasAuth(Repository repo, List<String> scopes) throws OciException {
    return auth.header(repo, scopes).isPresent();
  }

  OciException unauthorized(Repository repo, Call call, String detail) {
    return new OciException(
        OciException.Kind.UNAUTHORIZED,
        "registry "
            + repo.registry()
            + " refused "
            + call.method()
            + " "
            + call.target()
            + " (401"
            + (detail.isEmpty() ? "" : ": " + detail)
            + "); run 'airlock registry login "
            + repo.registry()
            + "' or check access to "
            + repo.name()
            + auth.note(repo));
  }

  private HttpResponse<InputStream> sendRetrying(Repository repo, Call call) throws OciException {
    long delay = config.backoff().toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<InputStream> r = sendFollowing(repo, call);
        if (r.statusCode() >= 500 && attempt < config.attempts()) {
          discard(r);
          sleep(delay);
          delay *= 2;
          continue;
        }
        return r;
      } catch (IOException e) {
        if (attempt >= config.attempts()) {
          throw new OciException(
              OciException.Kind.NETWORK,
              "could not reach registry "
                  + repo.registry()
                  + " ("
                  + call.method()
                  + " "
                  + call.target()
                  + "): "
                  + describe(e)
                  + " after "
                  + attempt
                  + " attempt"
                  + (attempt == 1 ? "" : "s"),
              null,
              null,
              e);
        }
        sleep(delay);
        delay *= 2;
      }
    }
  }

  private HttpResponse<InputStream> sendFollowing(Repository repo, Call call)
      throws IOException, OciException {
    URI uri = resolve(repo, call.target());
    String origin = origin(uri);
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .timeout(config.timeout())
              .method(
                  hop == 0 ? call.method() : redirectMethod(call.method()),
                  hop == 0 ? call.body().get() : HttpRequest.BodyPublishers.noBody());
      call.headers().forEach(b::header);
      if (origin(uri).equals(origin)) {
        Optional<String> h = auth.header(repo, call.scopes());
        h.ifPresent(v -> b.header("Authorization", v));
      }
      HttpResponse<InputStream> r =
          exchange(repo, uri, b.build(), hop == 0 ? call.streamed() : null);
      int s = r.statusCode();
      boolean redirect = s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
      Optional<String> loc = r.headers().firstValue("Location");
      if (!redirect || loc.isEmpty()) {
        return r;
      }
      discard(r);
      if (hop >= MAX_REDIRECTS) {
        throw new OciException(
            OciException.Kind.PROTOCOL,
            "registry " + repo.registry() + " redirected more than " + MAX_REDIRECTS + " times");
      }
      URI next = uri.resolve(loc.get());
      if ("http".equals(next.getScheme())
          && "https".equals(uri.getScheme())
          && !config.httpAllowed(Auth.hostPort(next))) {
        throw new OciException(
            OciException.Kind.PROTOCOL,
            "registry "
                + repo.registry()
                + " redirected from https to plain http ("
                + next
                + "); refused");
      }
      uri = next;
    }
  }

  private HttpResponse<InputStream> exchange(
      Repository repo, URI uri, HttpRequest req, BlockingExchange.StreamedBody streamed)
      throws IOException, OciException {
    requests.incrementAndGet();
    String host = repo.apiHost();
    boolean ours = Auth.hostPort(uri).equals(host);
    HttpResponse<InputStream> r;
    try {
      r = null;
      String hostPort = Auth.hostPort(uri);
      if (BlockingExchange.suits(req.method(), streamed) && !blockingRefused.contains(hostPort)) {
        try {
          r = blocking.send(req, streamed, hostPort);
          blockingSent.incrementAndGet();
        } catch (IOException e) {
          // Whatever went wrong (a TLS or scheme mismatch, a dropped connection), the client
          // below sends the same request once more and handles it as it handles any other.
          requests.incrementAndGet();
          blockingFallbacks.incrementAndGet();
          blockingRefused.add(hostPort);
        }
      }
      if (r == null) {
        r = clientFor(Auth.hostPort(uri)).send(req, HttpResponse.BodyHandlers.ofInputStream());
      }
    } catch (SSLException e) {
      if (ours && "https".equals(uri.getScheme()) && config.httpAllowed(host) && plaintext(e)) {
        schemes.put(host, "http");
        return resend(req, "http", uri, "https");
      }
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (ours && "http".equals(uri.getScheme()) && r.statusCode() == 400) {
      byte[] head = r.body().readNBytes(MAX_ERROR_BODY);
      r.body().close();
      if (new String(head, StandardCharsets.UTF_8).contains("HTTP request to an HTTPS server")) {
        schemes.put(host, "https"); // a TLS registry on a host we would have allowed http for
        return resend(req, "https", uri, "http");
      }
      return new BufferedResponse(r, head);
    }
    return r;
  }

  private HttpResponse<InputStream> resend(HttpRequest req, String scheme, URI uri, String from)
      throws IOException, OciException {
    URI other = URI.create(scheme + uri.toString().substring(from.length()));
    requests.incrementAndGet();
    try {
      return clientFor(Auth.hostPort(other))
          .send(
              HttpRequest.newBuilder(req, (k, v) -> true).uri(other).build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", ie);
    }
  }

  private static boolean plaintext(SSLException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return m.contains("unrecognized ssl message") || m.contains("plaintext");
  }

  URI resolve(Repository repo, String target) {
    if (target.startsWith("https://") || target.startsWith("http://")) {
      return URI.create(target);
    }
    String host = repo.apiHost();
    String scheme = schemes.computeIfAbsent(host, this::firstScheme);
    return URI.create(scheme + "://" + host + target);
  }

  /**
   * https, except for hosts allowed plain http (loopback, listed insecure) that have no CA file in
   * certs.d: those start with http, and move to https when the server answers that it speaks TLS.
   */
  private String firstScheme(String host) {
    if (!config.httpAllowed(host) || TlsTrust.hasCa(host, config.certsDirs())) {
      return "https";
    }
    return "http";
  }

  private static String origin(URI u) {
    int port = u.getPort() >= 0 ? u.getPort() : ("https".equals(u.getScheme()) ? 443 : 80);
    return u.getScheme()
        + "://"
        + String.valueOf(u.getHost()).toLowerCase(java.util.Locale.ROOT)
        + ":"
        + port;
  }

  private static String redirectMethod(String method) {
    return method.equals("HEAD") ? "HEAD" : "GET";
  }

  /** The registry's error text: its JSON {@code errors[].message}, or the start of the body. */
  static String errorText(HttpResponse<InputStream> r) {
    byte[] b;
    try (InputStream in = r.body()) {
      b = in == null ? new byte[0] : in.readNBytes(MAX_ERROR_BODY);
    } catch (IOException e) {
      return "";
    }
    String text = new String(b, StandardCharsets.UTF_8).strip();
    try {
      JsonNode n = Json.MAPPER.readTree(b);
      if (n != null && n.path("errors").isArray() && !n.path("errors").isEmpty()) {
        JsonNode e = n.path("errors").get(0);
        return (e.path("code").asText("") + " " + e.path("message").asText("")).strip();
      }
    } catch (IOException ignored) {
      // not JSON: show the text
    }
    text = text.replaceAll("\\p{Cntrl}", " ");
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  static void discard(HttpResponse<InputStream> r) {
    try (InputStream in = r.body()) {
      if (in != null) {
        in.readNBytes(MAX_ERROR_BODY);
      }
    } catch (IOException ignored) {
      // the connection is dropped; nothing to keep
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    String type = e.getClass().getSimpleName();
    return m == null || m.isBlank() ? type : type + ": " + m;
  }

  private static void sleep(long ms) throws OciException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OciException(OciException.Kind.NETWORK, "interrupted", null, null, e);
    }
  }
}
