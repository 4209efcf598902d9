package dev.airlock.catalog;

import dev.airlock.catalog.CatalogException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One HTTP(S) fetch: redirects by hand, retries, timeouts, the size cap. Not thread-safe. */
final class HttpFetch {
  private static final int MAX_REDIRECTS = 5;

  private final HttpClient client;
  private final Fetcher.Builder s;
  private final Clock clock;
  private long deadline;

  HttpFetch(HttpClient client, Fetcher.Builder settings, Clock clock) {
    this.client = client;
    this.s = settings;
    this.clock = clock;
  }

  FetchResult run(URI uri, long maxBytes, OutputStream out) throws CatalogException, IOException {
    deadline = clock.millis() + s.totalTimeout.toMillis();
    URI current = uri;
    for (int redirects = 0; ; redirects++) {
      URI here = current;
      Optional<Credentials> cred =
          s.credentials.stream().filter(c -> c.appliesTo(here)).findFirst();
      SinkSubscriber sink = new SinkSubscriber(out, maxBytes, current, clock);
      HttpResponse<Long> r = sendWithRetries(current, cred, sink);
      int status = r.statusCode();
      if (status == 200) {
        return new FetchResult(current, r.body(), sink.sha256());
      }
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        if (redirects == MAX_REDIRECTS) {
          throw fail("GET " + uri + " redirected more than " + MAX_REDIRECTS + " times", null);
        }
        current = redirectTarget(current, r, cred);
        continue;
      }
      throw new CatalogException(
          Reason.FETCH,
          "GET "
              + current
              + " answered "
              + status
              + (status == 401 || status == 403
                  ? "; check the credentials configured for " + current.getHost()
                  : ""),
          "200",
          String.valueOf(status),
          null);
    }
  }

  private URI redirectTarget(URI from, HttpResponse<?> r, Optional<Credentials> cred)
      throws CatalogException {
    String location =
        r.headers()
            .firstValue("location")
            .orElseThrow(
                () ->
                    fail(
                        "GET " + from + " answered " + r.statusCode() + " without a Location",
                        null));
    URI to;
    try {
      to = from.resolve(new URI(location));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw fail("redirect from " + from + " to '" + location + "' refused: not a valid URL", e);
    }
    String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(Locale.ROOT);
    String refused = "redirect from " + from + " to " + to + " refused: ";
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw fail(refused + "only http and https redirects are followed", null);
    }
    if (!s.schemes.contains(scheme)) {
      throw fail(refused + "scheme " + scheme + " is not allowed", null);
    }
    if (from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
      throw fail(refused + "https must not be downgraded to http", null);
    }
    if (cred.isPresent() && !sameOrigin(from, to)) {
      throw fail(
          refused
              + "the request carried credentials for "
              + cred.get().host()
              + ", which are never sent to another host",
          null);
    }
    return to;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && String.valueOf(a.getHost()).equalsIgnoreCase(String.valueOf(b.getHost()))
        && a.getPort() == b.getPort();
  }

  private HttpResponse<Long> sendWithRetries(
      URI uri, Optional<Credentials> cred, SinkSubscriber sink) throws CatalogException {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(uri)
            .GET()
            .timeout(s.readTimeout)
            .header("User-Agent", s.userAgent)
            .header("Accept-Encoding", "identity");
    cred.ifPresent(c -> rb.header("Authorization", c.authorization()));
    HttpRequest request = rb.build();
    for (int attempt = 0; ; attempt++) {
      boolean last = attempt == s.retries;
      try {
        HttpResponse<Long> r = await(request, sink);
        if (r.statusCode() >= 500 && !last) {
          pause(attempt);
          continue;
        }
        if (r.statusCode() >= 500) {
          throw new CatalogException(
              Reason.FETCH,
              "GET "
                  + uri
                  + " answered "
                  + r.statusCode()
                  + " after "
                  + (attempt + 1)
                  + " attempts",
              "200",
              String.valueOf(r.statusCode()),
              null);
        }
        return r;
      } catch (ConnectException | HttpConnectTimeoutException e) {
        if (last) {
          throw fail(
              "cannot connect to "
                  + uri.getHost()
                  + ":"
                  + port(uri)
                  + " for "
                  + uri
                  + " after "
                  + (attempt + 1)
                  + " attempts: "
                  + e,
              e);
        }
        pause(attempt);
      } catch (IOException e) {
        throw fail("GET " + uri + " failed: " + e.getMessage(), e);
      }
    }
  }

  private HttpResponse<Long> await(HttpRequest request, SinkSubscriber sink)
      throws CatalogException, IOException {
    sink.reset();
    CompletableFuture<HttpResponse<Long>> f =
        client.sendAsync(
            request,
            info -> info.statusCode() == 200 ? sink.start(info) : BodySubscribers.replacing(0L));
    while (true) {
      long now = clock.millis();
      long idle = now - sink.lastProgress();
      if (now >= deadline) {
        sink.stop();
        f.cancel(true);
        throw fail(
            "GET "
                + request.uri()
                + " took longer than the total timeout of "
                + seconds(s.totalTimeout.toMillis()),
            null);
      }
      if (idle >= s.readTimeout.toMillis()) {
        sink.stop();
        f.cancel(true);
        throw readTimeout(request.uri());
      }
      long wait = Math.max(1, Math.min(deadline - now, s.readTimeout.toMillis() - idle));
      try {
        return f.get(Math.min(wait, 100), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // check the clocks again
      } catch (InterruptedException e) {
        sink.stop();
        f.cancel(true);
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while fetching " + request.uri());
      } catch (ExecutionException e) {
        sink.stop();
        Throwable c = e.getCause();
        if (c instanceof CatalogException ce) {
          throw ce;
        }
        if (c instanceof HttpTimeoutException && !(c instanceof HttpConnectTimeoutException)) {
          throw readTimeout(request.uri());
        }
        if (c instanceof java.io.UncheckedIOException u) {
          throw u.getCause();
        }
        if (c instanceof IOException io) {
          if (io.getCause() instanceof CatalogException ce) {
            throw ce;
          }
          throw io;
        }
        throw new IOException(String.valueOf(c), c);
      }
    }
  }

  private CatalogException readTimeout(URI uri) {
    return fail(
        "GET "
            + uri
            + " sent nothing for "
            + seconds(s.readTimeout.toMillis())
            + " (read timeout); the server is stalled or too slow",
        null);
  }

  private void pause(int attempt) throws CatalogException {
    long ms = s.backoff.toMillis() << Math.min(attempt, 16);
    if (clock.millis() + ms >= deadline) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail("interrupted while waiting to retry", e);
    }
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private static String seconds(long ms) {
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  static CatalogException tooLarge(URI uri, long max) {
    return new CatalogException(
        Reason.FETCH,
        uri
            + " is larger than "
            + max
            + " bytes (the index entry's size, or the fetcher's"
            + " maximum); stopped",
        String.valueOf(max),
        null,
        null);
  }

  private static CatalogException fail(String message, Throwable cause) {
    return new CatalogException(Reason.FETCH, message, null, null, cause);
  }
}
