package dev.airlock.server;

import dev.airlock.host.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to run the server.
 *
 * @param host the address to listen on
 * @param port the port; 0 picks a free one
 * @param dataDirectory the data directory: SQLite database, artefact store, plugins, demo keys
 * @param databaseUrl a JDBC URL ({@code jdbc:sqlite:…} or {@code jdbc:postgresql:…}); empty for
 *     {@code data/airlock.db}
 * @param settings the host settings (flags, environment, file), from {@code SettingsLoader}
 * @param adminToken the bootstrap admin token ({@code AIRLOCK_ADMIN_TOKEN}), if given
 * @param maxUploadBytes the largest install request accepted
 * @param idleTimeout how long a connection may send nothing before it is closed
 */
public record ServerOptions(
    String host,
    int port,
    Path dataDirectory,
    Optional<String> databaseUrl,
    Settings settings,
    Optional<String> adminToken,
    long maxUploadBytes,
    Duration idleTimeout) {
  /** The default upload cap: the default wasm cap (64 MiB) plus room for the rest. */
  public static final long DEFAULT_MAX_UPLOAD = 65L * 1024 * 1024;

  /** Checks the values. */
  public ServerOptions {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(settings, "settings");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, got " + port);
    }
    if (maxUploadBytes < 1024) {
      throw new IllegalArgumentException("maxUploadBytes must be at least 1024");
    }
    if (adminToken.isPresent() && adminToken.get().strip().length() < 16) {
      throw new IllegalArgumentException(
          "AIRLOCK_ADMIN_TOKEN must be at least 16 characters (use a long random value)");
    }
  }

  /** {@code [v6]:port}, {@code host:port} (a host without colons) or a bare port. */
  private static final Pattern LISTEN =
      Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]:|([^\\[\\]:\\s]+):)?(\\d{1,5})");

  /**
   * Parses {@code host:port} ({@code --listen}); a bare port means 127.0.0.1. An IPv6 address goes
   * in brackets, so {@code ::1} alone is refused rather than read as host {@code :} and port 1.
   *
   * @param listen e.g. {@code 127.0.0.1:8080}, {@code [::1]:8080} or {@code 8080}; port 0 picks a
   *     free one
   * @return host and port
   * @throws IllegalArgumentException when it is not host:port, or the port is over 65535
   */
  public static Map.Entry<String, Integer> parseListen(String listen) {
    Matcher m = LISTEN.matcher(listen.strip());
    if (m.matches()) {
      int port = Integer.parseInt(m.group(3));
      if (port <= 65535) {
        String host = m.group(1) != null ? m.group(1) : m.group(2);
        return Map.entry(host != null ? host : "127.0.0.1", port);
      }
    }
    throw new IllegalArgumentException(
        "--listen must be HOST:PORT such as 127.0.0.1:8080 or [::1]:8080 (port 0-65535), got '"
            + listen
            + "'");
  }

  /**
   * The JDBC URL in use.
   *
   * @return the URL
   */
  public String jdbcUrl() {
    return databaseUrl.orElse(
        "jdbc:sqlite:" + dataDirectory.resolve("airlock.db").toAbsolutePath());
  }
}
