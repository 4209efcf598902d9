package dev.airlock.artefact;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The parts of an Artifact Keeper {@code plugin.toml} Airlock uses, validated.
 *
 * @param name {@code [plugin] name}: lowercase letters, digits and hyphens, starting with a letter
 * @param version {@code [plugin] version}
 * @param description {@code [plugin] description}, possibly empty
 * @param license {@code [plugin] license}, possibly empty
 * @param author {@code [plugin] author}, possibly empty
 * @param homepage {@code [plugin] homepage}, possibly empty
 * @param hooks the format-handler exports the capabilities name
 * @param formatKey {@code [format] key}, if the section is there
 * @param extensions {@code [format] extensions}
 * @param minMemoryMb {@code [requirements] min_memory_mb} (Artifact Keeper's default 32)
 * @param maxMemoryMb {@code [requirements] max_memory_mb} (default 64)
 * @param timeoutSecs {@code [requirements] timeout_secs} (default 5)
 */
record PluginToml(
    String name,
    SemanticVersion version,
    String description,
    String license,
    String author,
    String homepage,
    List<String> hooks,
    Optional<String> formatKey,
    List<String> extensions,
    int minMemoryMb,
    int maxMemoryMb,
    int timeoutSecs) {

  /** Pages of 64 KiB in one MB (MiB, as Artifact Keeper counts it). */
  static final int PAGES_PER_MB = 16;

  PluginToml {
    hooks = List.copyOf(hooks);
    extensions = List.copyOf(extensions);
  }

  /**
   * The requirements as Airlock limits. They cap what the plugin gets; they grant nothing: a zip
   * never asks for files, hosts or environment variables.
   */
  Permissions permissions() {
    return new Permissions(
        OptionalInt.of(maxMemoryMb * PAGES_PER_MB),
        OptionalLong.of(timeoutSecs * 1000L),
        OptionalLong.empty(),
        List.of(),
        List.of(),
        List.of());
  }
}
