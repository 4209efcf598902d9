package dev.airlock.oci;

import dev.airlock.oci.auth.CredentialHelpers;
import dev.airlock.oci.auth.CredentialStore;
import dev.airlock.oci.auth.DockerConfigStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How to reach registries: credentials, extra CA certificates, which hosts may use plain http,
 * retries and limits. Immutable; build with {@link #builder()}.
 */
public final class RegistryConfig {
  private final CredentialStore credentials;
  private final List<Path> certsDirs;
  private final Set<String> insecureHosts;
  private final int attempts;
  private final Duration backoff;
  private final Duration timeout;
  private final long chunkSize;
  private final int pageSize;
  private final Clock clock;

  private RegistryConfig(Builder b) {
    credentials = b.credentials;
    certsDirs = List.copyOf(b.certsDirs);
    insecureHosts = Set.copyOf(b.insecureHosts);
    attempts = b.attempts;
    backoff = b.backoff;
    timeout = b.timeout;
    chunkSize = b.chunkSize;
    pageSize = b.pageSize;
    clock = b.clock;
  }

  /**
   * A builder with no credentials, no extra CAs, 3 attempts.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults for a user: credentials from {@code airlock registry login}'s file, then Docker's
   * {@code config.json}; CA files from {@code $XDG_CONFIG_HOME/airlock/certs.d}, {@code
   * /etc/containers/certs.d} and {@code /etc/docker/certs.d}; insecure hosts from {@code
   * AIRLOCK_INSECURE_REGISTRIES} (comma-separated).
   *
   * @param env the environment
   * @return the builder, to adjust further
   */
  public static Builder fromEnvironment(Map<String, String> env) {
    Path config = OciPaths.configDir(env);
    Builder b =
        builder()
            .credentials(
                CredentialStore.chain(
                    List.of(
                        new DockerConfigStore(
                            config.resolve("auth.json"), CredentialHelpers.onPath(env)),
                        DockerConfigStore.docker(env))))
            .certsDirs(
                List.of(
                    config.resolve("certs.d"),
                    Path.of("/etc/containers/certs.d"),
                    Path.of("/etc/docker/certs.d")));
    String insecure = env.getOrDefault("AIRLOCK_INSECURE_REGISTRIES", "");
    for (String h : insecure.split(",")) {
      if (!h.isBlank()) {
        b.insecureHost(h.strip());
      }
    }
    return b;
  }

  /**
   * @return where credentials come from
   */
  public CredentialStore credentials() {
    return credentials;
  }

  /**
   * @return directories holding {@code <host[:port]>/ca.crt}
   */
  public List<Path> certsDirs() {
    return certsDirs;
  }

  /**
   * Whether plain http may be used for a registry: loopback hosts and listed ones only.
   *
   * @param registry host[:port]
   * @return true when http is allowed
   */
  public boolean httpAllowed(String registry) {
    String host = Repository.hostOf(registry);
    return insecureHosts.contains(registry.toLowerCase(Locale.ROOT))
        || insecureHosts.contains(host)
        || host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("::1");
  }

  /**
   * @return attempts per request for connection errors and 5xx
   */
  public int attempts() {
    return attempts;
  }

  /**
   * @return the first retry delay (doubled each time)
   */
  public Duration backoff() {
    return backoff;
  }

  /**
   * @return connect and per-response timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * @return blobs larger than this are uploaded in {@code PATCH} chunks of this size (default 64
   *     MiB, the largest module Airlock accepts: a plugin's layers go in one request each)
   */
  public long chunkSize() {
    return chunkSize;
  }

  /**
   * @return how many entries to ask for per page of tag lists ({@code ?n=})
   */
  public int pageSize() {
    return pageSize;
  }

  /**
   * @return the clock for token expiry and cache ages
   */
  public Clock clock() {
    return clock;
  }

  /** Builds a {@link RegistryConfig}. Not thread-safe. */
  public static final class Builder {
    private CredentialStore credentials = CredentialStore.NONE;
    private final List<Path> certsDirs = new ArrayList<>();
    private final List<String> insecureHosts = new ArrayList<>();
    private int attempts = 3;
    private Duration backoff = Duration.ofMillis(200);
    private Duration timeout = Duration.ofSeconds(30);
    private long chunkSize = 64L * 1024 * 1024;
    private int pageSize = 1000;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * @param store where credentials come from
     * @return this builder
     */
    public Builder credentials(CredentialStore store) {
      credentials = store;
      return this;
    }

    /**
     * @param dirs directories with {@code <host[:port]>/ca.crt} files (replaces the list)
     * @return this builder
     */
    public Builder certsDirs(List<Path> dirs) {
      certsDirs.clear();
      certsDirs.addAll(dirs);
      return this;
    }

    /**
     * @param host a host or host:port that may use plain http
     * @return this builder
     */
    public Builder insecureHost(String host) {
      insecureHosts.add(host.toLowerCase(Locale.ROOT));
      return this;
    }

    /**
     * @param n attempts per request (at least 1)
     * @return this builder
     */
    public Builder attempts(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("attempts should be at least 1, got " + n);
      }
      attempts = n;
      return this;
    }

    /**
     * @param d the first retry delay
     * @return this builder
     */
    public Builder backoff(Duration d) {
      backoff = d;
      return this;
    }

    /**
     * @param d connect and response timeout
     * @return this builder
     */
    public Builder timeout(Duration d) {
      timeout = d;
      return this;
    }

    /**
     * @param bytes the upload chunk size (at least 64 KiB)
     * @return this builder
     */
    public Builder chunkSize(long bytes) {
      if (bytes < 64 * 1024) {
        throw new IllegalArgumentException("chunkSize should be at least 64 KiB, got " + bytes);
      }
      chunkSize = bytes;
      return this;
    }

    /**
     * @param n entries per page of tag lists (at least 1)
     * @return this builder
     */
    public Builder pageSize(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("pageSize should be at least 1, got " + n);
      }
      pageSize = n;
      return this;
    }

    /**
     * @param c the clock
     * @return this builder
     */
    public Builder clock(Clock c) {
      clock = c;
      return this;
    }

    /**
     * @return the configuration
     */
    public RegistryConfig build() {
      return new RegistryConfig(this);
    }
  }
}
