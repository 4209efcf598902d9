package dev.airlock.oci.keyless;

import java.net.URI;

/**
 * Service base URLs: https with a host and no query (plain http only on loopback, where tests run
 * the mock: the identity token must not travel in clear); a path is appended to them.
 */
final class Endpoints {
  private Endpoints() {}

  /**
   * Checks a base URL.
   *
   * @throws IllegalArgumentException naming the option when it is unusable
   */
  static URI base(String option, URI base) {
    if (base == null) {
      throw new IllegalArgumentException(option + " is required");
    }
    String scheme = base.getScheme();
    if (scheme == null
        || !(scheme.equals("https") || scheme.equals("http"))
        || base.getHost() == null
        || base.getRawQuery() != null
        || base.getRawFragment() != null) {
      throw new IllegalArgumentException(
          option + " should be an http(s)://host[:port][/path] URL, found " + base);
    }
    if (scheme.equals("http") && !loopback(base.getHost())) {
      throw new IllegalArgumentException(
          option
              + " should be https (plain http only on 127.0.0.1, ::1 or localhost: the identity"
              + " token would travel in clear), found "
              + base);
    }
    return base;
  }

  private static boolean loopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return h.equals("localhost") || h.equals("::1") || h.startsWith("127.");
  }

  static URI resolve(URI base, String path) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
  }
}
