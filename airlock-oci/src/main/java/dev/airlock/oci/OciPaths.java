package dev.airlock.oci;

import java.nio.file.Path;
import java.util.Map;

/** Where Airlock keeps registry state: XDG directories with the usual fallbacks. */
public final class OciPaths {
  private OciPaths() {}

  /**
   * {@code $XDG_CACHE_HOME/airlock}, else {@code ~/.cache/airlock}.
   *
   * @param env the environment
   * @return the cache root
   */
  public static Path cacheDir(Map<String, String> env) {
    String x = env.get("XDG_CACHE_HOME");
    return x != null && !x.isBlank()
        ? Path.of(x, "airlock")
        : Path.of(System.getProperty("user.home"), ".cache", "airlock");
  }

  /**
   * {@code $XDG_CONFIG_HOME/airlock}, else {@code ~/.config/airlock}.
   *
   * @param env the environment
   * @return the config directory
   */
  public static Path configDir(Map<String, String> env) {
    String x = env.get("XDG_CONFIG_HOME");
    return x != null && !x.isBlank()
        ? Path.of(x, "airlock")
        : Path.of(System.getProperty("user.home"), ".config", "airlock");
  }
}
