package dev.airlock.host;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code [[providers]]} entry of the settings file: "this plugin file, with this
 * configuration". {@link SettingsProviders#install} copies file providers into the plugins
 * directory, and a host built with {@link Settings#hostBuilder()} starts the plugin with this
 * configuration.
 *
 * @param name the plugin's name, as its manifest gives it; the configuration applies to that name
 * @param reference the {@code path} as written in the file: a file path or an {@code oci://}
 *     reference
 * @param file the plugin file, resolved against the settings file's directory, when {@code
 *     reference} is a file; empty for an {@code oci://} reference (kept, not fetched yet)
 * @param config the plugin's configuration
 */
public record SettingsProvider(
    String name, String reference, Optional<Path> file, Map<String, String> config) {
  /** The scheme of references that are not files. */
  public static final String OCI_SCHEME = "oci://";

  /** Checks for nulls and blanks; copies the configuration. */
  public SettingsProvider {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("provider name should not be blank");
    }
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException("provider reference should not be blank");
    }
    Objects.requireNonNull(file, "file");
    config = Map.copyOf(config);
  }

  /**
   * @return {@code file} for a file, {@code oci} for an {@code oci://} reference
   */
  public String source() {
    return file.isPresent() ? "file" : "oci";
  }
}
