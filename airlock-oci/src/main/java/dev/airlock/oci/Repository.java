package dev.airlock.oci;

import java.util.Locale;

/**
 * A repository in a registry: {@code registry/name}.
 *
 * @param registry the registry host, with a port when given ({@code docker.io}, {@code
 *     localhost:5000})
 * @param name the repository path ({@code library/alpine}, {@code acme/plugins/greeter})
 */
public record Repository(String registry, String name) {
  /** Checks for blanks. */
  public Repository {
    if (registry == null || registry.isBlank() || name == null || name.isBlank()) {
      throw new IllegalArgumentException("repository needs a registry and a name");
    }
  }

  /**
   * The host that serves the API: {@code registry-1.docker.io} for Docker Hub, else the registry.
   *
   * @return host[:port]
   */
  public String apiHost() {
    return "docker.io".equals(registry) ? "registry-1.docker.io" : registry;
  }

  /**
   * The host without a port, lower case.
   *
   * @return the host name
   */
  public String hostName() {
    return hostOf(apiHost());
  }

  static String hostOf(String hostPort) {
    String h = hostPort;
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      return h.substring(1, end).toLowerCase(Locale.ROOT);
    }
    int colon = h.lastIndexOf(':');
    return (colon >= 0 ? h.substring(0, colon) : h).toLowerCase(Locale.ROOT);
  }

  /** {@code registry/name}. */
  @Override
  public String toString() {
    return registry + "/" + name;
  }
}
