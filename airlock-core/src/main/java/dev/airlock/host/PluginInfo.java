package dev.airlock.host;

import dev.airlock.artefact.Manifest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A snapshot of one plugin in a host.
 *
 * @param name the plugin's name
 * @param status its lifecycle status
 * @param failure why it failed, or why its newest file was refused while an older version serves;
 *     empty otherwise
 * @param manifest the manifest of the version loaded, if one is
 * @param signer the trusted key that signed it, if a trust root is active
 * @param file the file it was loaded from
 * @param config its current configuration
 * @param stats its call counters
 * @param loadedAt when the current version was loaded
 * @param enabledAt when it last started serving, if it is serving
 */
public record PluginInfo(
    String name,
    PluginStatus status,
    Optional<String> failure,
    Optional<Manifest> manifest,
    Optional<String> signer,
    Path file,
    Map<String, String> config,
    PluginStats stats,
    Optional<Instant> loadedAt,
    Optional<Instant> enabledAt) {
  /** Copies the config. */
  public PluginInfo {
    config = Map.copyOf(config);
  }

  /**
   * @return the loaded version, e.g. {@code 1.3.2}, or empty when none is loaded
   */
  public Optional<String> version() {
    return manifest.map(m -> m.version().toString());
  }
}
