package dev.airlock.artefact;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a plugin asks to be granted. Absent means none: no memory beyond the host default, no files,
 * no hosts, no environment. The host caps every value with its own settings.
 *
 * @param maxMemoryPages memory cap in 64 KiB wasm pages, if the plugin asks for one
 * @param maxExecutionMillis wall-clock limit per call, if the plugin asks for one
 * @param maxCpuMillis CPU-time limit per call, if the plugin asks for one
 * @param allowedPaths host directories visible to the plugin
 * @param allowedHosts host name globs the HTTP host function may reach
 * @param env names of environment variables passed to the plugin
 */
public record Permissions(
    OptionalInt maxMemoryPages,
    OptionalLong maxExecutionMillis,
    OptionalLong maxCpuMillis,
    List<PathGrant> allowedPaths,
    List<String> allowedHosts,
    List<String> env) {

  /** No grants at all. */
  public static final Permissions NONE =
      new Permissions(
          OptionalInt.empty(),
          OptionalLong.empty(),
          OptionalLong.empty(),
          List.of(),
          List.of(),
          List.of());

  /** Largest memory a wasm32 module can address: 65536 pages of 64 KiB. */
  public static final int MAX_PAGES = 65_536;

  /** Validates ranges and copies the lists. */
  public Permissions {
    maxMemoryPages.ifPresent(
        p -> require(p >= 1 && p <= MAX_PAGES, "max_memory_pages should be 1..65536, got " + p));
    maxExecutionMillis.ifPresent(
        ms ->
            require(
                ms >= 1 && ms <= 3_600_000, "max_execution_ms should be 1..3600000, got " + ms));
    maxCpuMillis.ifPresent(
        ms -> require(ms >= 1 && ms <= 3_600_000, "max_cpu_ms should be 1..3600000, got " + ms));
    allowedPaths = List.copyOf(allowedPaths);
    require(
        allowedPaths.stream().map(PathGrant::guest).distinct().count() == allowedPaths.size(),
        "allowed_paths mounts two directories at one guest path");
    allowedHosts = List.copyOf(allowedHosts);
    env = List.copyOf(env);
    for (String host : allowedHosts) {
      require(
          host.matches("[A-Za-z0-9*.:\\-\\[\\]]{1,253}"),
          "allowed_hosts entries should be host names or globs, got '" + host + "'");
    }
    for (String name : env) {
      require(
          name.matches("[A-Za-z_][A-Za-z0-9_]{0,127}"),
          "env entries should be variable names, got '" + name + "'");
    }
  }

  /**
   * Whether this grants nothing and sets no limits.
   *
   * @return true when equal to {@link #NONE}
   */
  public boolean isNone() {
    return equals(NONE);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
