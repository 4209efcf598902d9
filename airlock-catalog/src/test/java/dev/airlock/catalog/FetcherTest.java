package dev.airlock.catalog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.testing.HttpFixture;
import dev.airlock.testing.HttpFixture.Handler;
import dev.airlock.testing.TestCa;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against real JDK HTTP(S) servers on 127.0.0.1 that misbehave on purpose. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FetcherTest {
  static final byte[] BODY = "plugin bytes".getBytes(UTF_8);

  @TempDir Path dir;
  @TempDir static Path caDir;
  static TestCa ca;
  final List<HttpFixture> servers = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws Exception {
    servers.forEach(HttpFixture::close);
  }

  HttpFixture serve(Map<String, Handler> handlers) {
    HttpFixture f = HttpFixture.start(handlers, null);
    servers.add(f);
    return f;
  }

  static Fetcher.Builder quick() {
    return Fetcher.builder().readTimeout(Duration.ofMillis(500)).retries(2, Duration.ofMillis(10));
  }

  /** Fetches into dir/out and asserts on failure that nothing is left in dir. */
  void refused(Fetcher.Builder b, String url, long max, String message) throws Exception {
    refused(b.build(), url, max, message);
  }

  void refused(Fetcher f, String url, long max, String message) {
    Path target = dir.resolve("out");
    assertThatThrownBy(() -> f.fetchTo(URI.create(url), target, max))
        .isInstanceOf(CatalogException.class)
        .hasMessage(message);
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void ok_streamsAndHashes() throws Exception {
    HttpFixture s = serve(Map.of("/a", HttpFixture.respond(200, BODY)));
    FetchResult r =
        quick().build().fetchTo(URI.create(s.baseUrl() + "/a"), dir.resolve("out"), 100);
    assertThat(r.size()).isEqualTo(BODY.length);
    assertThat(r.sha256()).isEqualTo(Fixtures.sha256(BODY));
    assertThat(Files.readAllBytes(dir.resolve("out"))).isEqualTo(BODY);
  }

  @Test
  void notFound_namesTheStatus() throws Exception {
    HttpFixture s = serve(Map.of("/a", HttpFixture.respond(404, new byte[0])));
    refused(quick(), s.baseUrl() + "/a", 100, "GET " + s.baseUrl() + "/a answered 404");
  }

  @Test
  void serverError_retriedWithBackoff_thenSucceeds() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpFixture s =
        serve(
            Map.of(
                "/a",
                x -> {
                  if (calls.incrementAndGet() < 3) {
                    HttpFixture.respond(503, new byte[0]).handle(x);
                  } else {
                    HttpFixture.respond(200, BODY).handle(x);
                  }
                }));
    byte[] got = quick().build().fetchBytes(URI.create(s.baseUrl() + "/a"), 100);
    assertThat(got).isEqualTo(BODY);
    assertThat(calls).hasValue(3);
  }

  @Test
  void serverError_givesUpAfterTheRetries() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    HttpFixture s =
        serve(
            Map.of(
                "/a",
                x -> {
                  calls.incrementAndGet();
                  HttpFixture.respond(502, new byte[0]).handle(x);
                }));
    refused(
        // a generous read timeout: on a loaded machine a 502 must not arrive as a timeout
        Fetcher.builder().readTimeout(Duration.ofSeconds(20)).retries(2, Duration.ofMillis(10)),
        s.baseUrl() + "/a",
        100,
        "GET " + s.baseUrl() + "/a answered 502 after 3 attempts");
    assertThat(calls).hasValue(3);
  }

  @Test
  void declaredLengthOverTheCap_refusedBeforeTheBody() throws Exception {
    HttpFixture s = serve(Map.of("/a", HttpFixture.respond(200, BODY)));
    refused(
        quick(),
        s.baseUrl() + "/a",
        5,
        s.baseUrl()
            + "/a is larger than 5 bytes (the index entry's size, or the fetcher's maximum);"
            + " stopped");
  }

  @Test
  void serverThatNeverStopsSending_stoppedAtTheCap() throws Exception {
    HttpFixture s =
        serve(
            Map.of(
                "/a",
                x -> {
                  x.sendResponseHeaders(200, 0); // chunked: no length announced
                  OutputStream o = x.getResponseBody();
                  byte[] chunk = new byte[8192];
                  while (true) {
                    o.write(chunk);
                  }
                }));
    refused(
        quick(),
        s.baseUrl() + "/a",
        100_000,
        s.baseUrl()
            + "/a is larger than 100000 bytes (the index entry's size, or the fetcher's maximum);"
            + " stopped");
  }

  @Test
  void stalledBody_readTimeoutFires() throws Exception {
    HttpFixture s =
        serve(
            Map.of(
                "/a",
                x -> {
                  x.sendResponseHeaders(200, 100);
                  x.getResponseBody().write(BODY);
                  x.getResponseBody().flush();
                  sleep(10_000);
                }));
    refused(
        quick(),
        s.baseUrl() + "/a",
        1000,
        "GET "
            + s.baseUrl()
            + "/a sent nothing for 500 ms (read timeout); the server is stalled or too slow");
  }

  @Test
  void noHeaders_readTimeoutFires() throws Exception {
    HttpFixture s = serve(Map.of("/a", x -> sleep(10_000)));
    refused(
        quick(),
        s.baseUrl() + "/a",
        1000,
        "GET "
            + s.baseUrl()
            + "/a sent nothing for 500 ms (read timeout); the server is stalled or too slow");
  }

  @Test
  void drippingServer_totalTimeoutFires() throws Exception {
    HttpFixture s =
        serve(
            Map.of(
                "/a",
                x -> {
                  x.sendResponseHeaders(200, 1000);
                  for (int i = 0; i < 1000; i++) {
                    x.getResponseBody().write('x');
                    x.getResponseBody().flush();
                    sleep(50);
                  }
                }));
    refused(
        quick().totalTimeout(Duration.ofMillis(700)),
        s.baseUrl() + "/a",
        10_000,
        "GET " + s.baseUrl() + "/a took longer than the total timeout of 700 ms");
  }

  @Test
  void redirectToFile_refused() throws Exception {
    HttpFixture s = serve(Map.of("/a", HttpFixture.redirect(302, "file:///etc/passwd")));
    refused(
        quick(),
        s.baseUrl() + "/a",
        100,
        "redirect from "
            + s.baseUrl()
            + "/a to file:///etc/passwd refused: only http and https redirects are followed");
  }

  @Test
  void redirectFollowed_withinOneHost() throws Exception {
    HttpFixture s =
        serve(Map.of("/a", HttpFixture.redirect(301, "/b"), "/b", HttpFixture.respond(200, BODY)));
    FetchResult r =
        quick().build().fetchTo(URI.create(s.baseUrl() + "/a"), dir.resolve("out"), 100);
    assertThat(r.uri().toString()).isEqualTo(s.baseUrl() + "/b");
  }

  @Test
  void credentials_sentOnlyToTheirHost_neverAcrossARedirect() throws Exception {
    List<String> seenByOther = new CopyOnWriteArrayList<>();
    List<String> seenByOwner = new CopyOnWriteArrayList<>();
    HttpFixture other =
        serve(
            Map.of(
                "/",
                x -> {
                  seenByOther.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
                  HttpFixture.respond(200, BODY).handle(x);
                }));
    String otherUrl = "http://localhost:" + other.port() + "/steal";
    HttpFixture owner =
        serve(
            Map.of(
                "/plain",
                x -> {
                  seenByOwner.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
                  HttpFixture.respond(200, BODY).handle(x);
                },
                "/away",
                HttpFixture.redirect(302, otherUrl)));
    Fetcher f = quick().credentials(Credentials.bearer("127.0.0.1", "s3cret")).build();
    f.fetchBytes(URI.create(owner.baseUrl() + "/plain"), 100);
    assertThat(seenByOwner).containsExactly("Bearer s3cret");
    refused(
        f,
        owner.baseUrl() + "/away",
        100,
        "redirect from "
            + owner.baseUrl()
            + "/away to "
            + otherUrl
            + " refused: the request carried credentials for 127.0.0.1, which are never sent to"
            + " another host");
    assertThat(seenByOther).isEmpty();
    // Credentials for another host are not sent here either.
    quick()
        .credentials(Credentials.basic("example.com", "u", "p"))
        .build()
        .fetchBytes(URI.create(owner.baseUrl() + "/plain"), 100);
    assertThat(seenByOwner).containsExactly("Bearer s3cret", "null");
  }

  @Test
  void otherSchemes_refused() throws Exception {
    refused(
        quick(),
        "ftp://127.0.0.1/x",
        100,
        "scheme 'ftp' of ftp://127.0.0.1/x is not allowed (allowed: file, http, https)");
    refused(
        quick().schemes(java.util.Set.of("https")),
        "file:///etc/hostname",
        100,
        "scheme 'file' of file:///etc/hostname is not allowed (allowed: https)");
  }

  @Test
  void connectionRefused_retriedThenNamed() throws Exception {
    int port;
    try (java.net.ServerSocket free =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port + "/a";
    Path target = dir.resolve("out");
    assertThatThrownBy(() -> quick().build().fetchTo(URI.create(url), target, 100))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith(
            "cannot connect to 127.0.0.1:" + port + " for " + url + " after 3 attempts: ");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void https_withTheTestCa_andRefusedWithoutIt() throws Exception {
    TestCa ca = ca();
    HttpFixture s =
        HttpFixture.start(Map.of("/a", HttpFixture.respond(200, BODY)), ca.serverContext());
    servers.add(s);
    assertThat(s.baseUrl()).startsWith("https://");
    assertThat(
            quick()
                .readTimeout(Duration.ofSeconds(20))
                .caFile(ca.caPem())
                .build()
                .fetchBytes(URI.create(s.baseUrl() + "/a"), 100))
        .isEqualTo(BODY);
    Path target = dir.resolve("out");
    assertThatThrownBy(
            () ->
                quick()
                    .readTimeout(Duration.ofSeconds(20))
                    .build()
                    .fetchTo(URI.create(s.baseUrl() + "/a"), target, 100))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith("GET " + s.baseUrl() + "/a failed: ")
        .hasMessageContaining("PKIX path building failed");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void httpsToHttpRedirect_refused() throws Exception {
    TestCa ca = ca();
    HttpFixture plain = serve(Map.of("/b", HttpFixture.respond(200, BODY)));
    HttpFixture s =
        HttpFixture.start(
            Map.of("/a", HttpFixture.redirect(302, plain.baseUrl() + "/b")), ca.serverContext());
    servers.add(s);
    refused(
        quick().readTimeout(Duration.ofSeconds(20)).caFile(ca.caPem()),
        s.baseUrl() + "/a",
        100,
        "redirect from "
            + s.baseUrl()
            + "/a to "
            + plain.baseUrl()
            + "/b refused: https must not be downgraded to http");
  }

  /** One keytool-made CA for the class: making one starts seven JVMs. */
  static synchronized TestCa ca() throws Exception {
    if (ca == null) {
      ca = TestCa.create(caDir);
    }
    return ca;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
