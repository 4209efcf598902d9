package dev.airlock.oci.keyless;

import java.net.URI;

/** Service base URLs: http or https with a host, no query; a path is appended to them. */
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
    return base;
  }

  static URI resolve(URI base, String path) {
    String b = base.toString();
    return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
  }
}
