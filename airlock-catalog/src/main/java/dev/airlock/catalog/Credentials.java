package dev.airlock.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * An {@code Authorization} header for one host. It is sent only to that exact host (and port, when
 * given), never to another, also not after a redirect.
 *
 * @param host the host name, optionally with {@code :port}, compared case-insensitively
 * @param authorization the header value, e.g. {@code Bearer abc}
 */
public record Credentials(String host, String authorization) {
  /** Checks the fields. */
  public Credentials {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(authorization, "authorization");
    if (host.isBlank() || host.contains("/")) {
      throw new IllegalArgumentException(
          "host should be a host name like example.com, got " + host);
    }
    if (authorization.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("authorization must not contain control characters");
    }
    host = host.toLowerCase(Locale.ROOT);
  }

  /**
   * A bearer token for a host.
   *
   * @param host the host
   * @param token the token
   * @return the credentials
   */
  public static Credentials bearer(String host, String token) {
    return new Credentials(host, "Bearer " + token);
  }

  /**
   * HTTP basic authentication for a host.
   *
   * @param host the host
   * @param user the user name
   * @param password the password
   * @return the credentials
   */
  public static Credentials basic(String host, String user, String password) {
    String pair = user + ":" + password;
    return new Credentials(
        host, "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  boolean appliesTo(java.net.URI uri) {
    String h = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    return host.contains(":") ? host.equals(h + ":" + uri.getPort()) : host.equals(h);
  }

  /** Never shows the secret. */
  @Override
  public String toString() {
    return "Credentials[host=" + host + ", authorization=***]";
  }
}
