package dev.airlock.catalog;

import dev.airlock.catalog.CatalogException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The one client every remote source goes through: {@code file:}, {@code http:} and {@code https:}
 * (other schemes are refused). On the JDK's {@code HttpClient}: TLS with the system trust store
 * plus an optional CA file; redirects followed by hand so that https → http, a redirect to a
 * non-http scheme, and a redirect to another host while credentials are attached are refused;
 * connect, read (no data for that long) and total timeouts; a size cap; retries with exponential
 * backoff on connection errors and 5xx answers; per-host credentials never sent anywhere else. The
 * SHA-256 is computed while bytes stream, and a failed fetch deletes what it wrote.
 *
 * <p>Thread-safe; one instance can serve many fetches and reuses connections.
 */
public final class Fetcher {
  /** Default cap on a download when the caller has no better one: 256 MiB. */
  public static final long DEFAULT_MAX_BYTES = 256L << 20;

  private final Builder settings;
  private final HttpClient client;
  private final javax.net.ssl.TrustManager[] trust;

  private Fetcher(Builder b, HttpClient client, javax.net.ssl.TrustManager[] trust) {
    this.settings = b;
    this.client = client;
    this.trust = trust;
  }

  /**
   * A builder with the defaults: connect 10 s, read 30 s, total 10 min, 256 MiB, 3 retries from 500
   * ms, schemes file/http/https, no CA file, no credentials.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A fetcher with the defaults.
   *
   * @return the fetcher
   * @throws IOException never in practice (only a CA file can fail to load)
   */
  public static Fetcher create() throws IOException {
    return builder().build();
  }

  /**
   * Downloads {@code uri} into the new file {@code target} (which must not exist), fsyncs it, and
   * returns its size and SHA-256. On any failure the file is deleted.
   *
   * @param uri a {@code file:}, {@code http:} or {@code https:} URI
   * @param target where the bytes go; created, never replaced
   * @param maxBytes stop and fail beyond this many bytes
   * @return size and digest
   * @throws CatalogException when the scheme, a redirect, the status, a timeout or the cap refuses
   * @throws IOException when the target cannot be written
   */
  public FetchResult fetchTo(URI uri, Path target, long maxBytes)
      throws CatalogException, IOException {
    try (FileChannel ch =
        FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputStream out = Channels.newOutputStream(ch);
      FetchResult r = fetch(uri, maxBytes, out);
      ch.force(true);
      return r;
    } catch (CatalogException | IOException | RuntimeException e) {
      Files.deleteIfExists(target);
      throw e;
    }
  }

  /**
   * Downloads {@code uri} into memory (for an index or a signature).
   *
   * @param uri the location
   * @param maxBytes the cap
   * @return the bytes
   * @throws CatalogException as for {@link #fetchTo}
   * @throws IOException when reading a local file fails
   */
  public byte[] fetchBytes(URI uri, long maxBytes) throws CatalogException, IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    fetch(uri, maxBytes, out);
    return out.toByteArray();
  }

  /**
   * Like {@link #fetchBytes} but an absent file or a 404/410 answer gives empty, for optional
   * companions such as {@code index.json.sig}.
   *
   * @param uri the location
   * @param maxBytes the cap
   * @return the bytes, or empty when there is nothing there
   * @throws CatalogException as for {@link #fetchTo}, other than not-found
   * @throws IOException when reading a local file fails
   */
  public Optional<byte[]> fetchIfPresent(URI uri, long maxBytes)
      throws CatalogException, IOException {
    try {
      return Optional.of(fetchBytes(uri, maxBytes));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (CatalogException e) {
      if (e.actual().filter(s -> s.equals("404") || s.equals("410")).isPresent()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Streams {@code uri} into {@code out}, hashing as it goes.
   *
   * @param uri the location
   * @param maxBytes the cap
   * @param out where the bytes go; not closed
   * @return size and digest
   * @throws CatalogException when a rule refuses the fetch
   * @throws IOException when a local file cannot be read or {@code out} fails
   */
  public FetchResult fetch(URI uri, long maxBytes, OutputStream out)
      throws CatalogException, IOException {
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!settings.schemes.contains(scheme)) {
      throw new CatalogException(
          Reason.BAD_SOURCE,
          "scheme '"
              + scheme
              + "' of "
              + uri
              + " is not allowed (allowed: "
              + String.join(", ", settings.schemes.stream().sorted().toList())
              + ")");
    }
    if (scheme.equals("file")) {
      return copyFile(uri, maxBytes, out);
    }
    return new HttpFetch(client, settings, settings.clock).run(uri, maxBytes, out);
  }

  /** The fetch rules for one git clone: this fetcher's trust, credentials and redirect checks. */
  GitHttp forGit() {
    return new GitHttp(trust, settings.credentials);
  }

  Set<String> schemes() {
    return settings.schemes;
  }

  /** Copies a local file into the new file {@code target}, capped and hashed, fsynced. */
  static FetchResult copyTo(Path file, Path target, long maxBytes)
      throws CatalogException, IOException {
    try (FileChannel ch =
        FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      FetchResult r =
          copyFile(file.toAbsolutePath().toUri(), maxBytes, Channels.newOutputStream(ch));
      ch.force(true);
      return r;
    } catch (CatalogException | IOException | RuntimeException e) {
      Files.deleteIfExists(target);
      throw e;
    }
  }

  private static FetchResult copyFile(URI uri, long maxBytes, OutputStream out)
      throws CatalogException, IOException {
    Path file = Path.of(uri);
    MessageDigest d = Sha256.digest();
    long n = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      int r;
      while ((r = in.read(buf)) > 0) {
        n += r;
        if (n > maxBytes) {
          throw HttpFetch.tooLarge(uri, maxBytes);
        }
        d.update(buf, 0, r);
        out.write(buf, 0, r);
      }
    }
    return new FetchResult(uri, n, Sha256.hex(d));
  }

  /** Options for a {@link Fetcher}. Not thread-safe. */
  public static final class Builder {
    Duration connectTimeout = Duration.ofSeconds(10);
    Duration readTimeout = Duration.ofSeconds(30);
    Duration totalTimeout = Duration.ofMinutes(10);
    int retries = 3;
    Duration backoff = Duration.ofMillis(500);
    Path caFile;
    List<Credentials> credentials = new ArrayList<>();
    Set<String> schemes = Set.of("file", "http", "https");
    Clock clock = Clock.systemUTC();
    String userAgent = "airlock-catalog";

    private Builder() {}

    /**
     * Time to open a connection, per attempt.
     *
     * @param d the timeout
     * @return this
     */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    /**
     * Longest wait for the response headers or for the next bytes of the body.
     *
     * @param d the timeout
     * @return this
     */
    public Builder readTimeout(Duration d) {
      this.readTimeout = positive(d, "readTimeout");
      return this;
    }

    /**
     * Longest time for a whole fetch, retries included.
     *
     * @param d the timeout
     * @return this
     */
    public Builder totalTimeout(Duration d) {
      this.totalTimeout = positive(d, "totalTimeout");
      return this;
    }

    /**
     * Retries after a connection error or a 5xx answer, with backoff doubling from {@code backoff}.
     *
     * @param count how many retries (0 for none)
     * @param backoff the first pause
     * @return this
     */
    public Builder retries(int count, Duration backoff) {
      if (count < 0 || count > 10) {
        throw new IllegalArgumentException("retries should be 0-10, got " + count);
      }
      this.retries = count;
      this.backoff = Objects.requireNonNull(backoff, "backoff");
      return this;
    }

    /**
     * PEM certificates trusted for https in addition to the system trust store.
     *
     * @param file the CA file, or {@code null} for none
     * @return this
     */
    public Builder caFile(Path file) {
      this.caFile = file;
      return this;
    }

    /**
     * Adds credentials for one host.
     *
     * @param c the credentials
     * @return this
     */
    public Builder credentials(Credentials c) {
      this.credentials.add(Objects.requireNonNull(c, "credentials"));
      return this;
    }

    /**
     * The allowed schemes, a subset of {@code file}, {@code http}, {@code https}.
     *
     * @param allowed the schemes
     * @return this
     */
    public Builder schemes(Set<String> allowed) {
      for (String s : allowed) {
        if (!Set.of("file", "http", "https").contains(s)) {
          throw new IllegalArgumentException("schemes may be file, http, https; got " + s);
        }
      }
      this.schemes = Set.copyOf(allowed);
      return this;
    }

    /**
     * The clock timeouts are measured with.
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Builds the fetcher.
     *
     * @return the fetcher
     * @throws IOException when the CA file cannot be read
     */
    public Fetcher build() throws IOException {
      javax.net.ssl.TrustManager[] trust = TlsContexts.trustManagers(caFile);
      HttpClient.Builder b =
          HttpClient.newBuilder()
              .connectTimeout(connectTimeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .version(HttpClient.Version.HTTP_1_1)
              .sslContext(TlsContexts.create(trust));
      Builder copy = new Builder();
      copy.connectTimeout = connectTimeout;
      copy.readTimeout = readTimeout;
      copy.totalTimeout = totalTimeout;
      copy.retries = retries;
      copy.backoff = backoff;
      copy.caFile = caFile;
      copy.credentials = List.copyOf(credentials);
      copy.schemes = schemes;
      copy.clock = clock;
      return new Fetcher(copy, b.build(), trust);
    }

    private static Duration positive(Duration d, String what) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " should be positive, got " + d);
      }
      return d;
    }
  }
}
