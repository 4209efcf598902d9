package dev.airlock.host;

import dev.airlock.runtime.Isolation;
import dev.airlock.runtime.Limits;
import dev.airlock.runtime.LogLine;
import dev.airlock.trust.TrustRoot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a {@link PluginHost} runs with. Built by {@link PluginHostBuilder}; read back with
 * {@link PluginHost#settings()}.
 *
 * @param directory the plugins directory
 * @param trustRoot the trusted keys, when signatures are checked
 * @param requireSignature whether unsigned plugins are refused (needs a trust root)
 * @param allowedSources where plugins may come from ({@code file}, {@code oci}, {@code registry},
 *     {@code git}, {@code url}); the directory is {@code file}
 * @param defaultLimits limits used when a manifest asks for nothing
 * @param maximumLimits limits no manifest can exceed
 * @param isolation fresh or pooled instances
 * @param enableNewPlugins whether a newly found plugin starts enabled
 * @param hotReload whether the directory is watched
 * @param debounce how long a file must stay unchanged before it is loaded
 * @param allowDowngrade whether a version older than one loaded before may load
 * @param allowNetwork whether plugins may be granted HTTP hosts
 * @param allowFiles whether plugins may be granted directories
 * @param allowEnv whether plugins may be granted environment variables
 * @param logLevel the lowest plugin log level kept
 * @param compileCache where compiled modules are cached between runs, if anywhere
 * @param order plugin names in dispatch order; the others follow by name
 * @param maxWasmBytes the largest module accepted
 */
public record HostSettings(
    Path directory,
    Optional<TrustRoot> trustRoot,
    boolean requireSignature,
    Set<String> allowedSources,
    Limits defaultLimits,
    Limits maximumLimits,
    Isolation isolation,
    boolean enableNewPlugins,
    boolean hotReload,
    Duration debounce,
    boolean allowDowngrade,
    boolean allowNetwork,
    boolean allowFiles,
    boolean allowEnv,
    LogLine.Level logLevel,
    Optional<Path> compileCache,
    List<String> order,
    int maxWasmBytes) {

  /** The sources a plugin may come from. */
  public static final Set<String> SOURCES = Set.of("file", "oci", "registry", "git", "url");

  /** Validates the combination. */
  public HostSettings {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(trustRoot, "trustRoot");
    allowedSources = Set.copyOf(allowedSources);
    order = List.copyOf(order);
    if (requireSignature && trustRoot.isEmpty()) {
      throw new IllegalArgumentException(
          "signatures are required but no trust root is set;"
              + " give a trust root (PLUGIN_TRUSTED_KEYS) or stop requiring signatures");
    }
    for (String s : allowedSources) {
      if (!SOURCES.contains(s)) {
        throw new IllegalArgumentException("allowed source '" + s + "' is not one of " + SOURCES);
      }
    }
    if (debounce.isNegative()) {
      throw new IllegalArgumentException("debounce should not be negative");
    }
  }
}
