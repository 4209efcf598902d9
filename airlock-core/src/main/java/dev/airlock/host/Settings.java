package dev.airlock.host;

import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The effective settings of a host, as {@link SettingsLoader} resolved them from flags, the
 * environment, a settings file and the defaults, with where each value came from.
 *
 * @param host what the host runs with; give it to {@link PluginHostBuilder#settings}, or use {@link
 *     #hostBuilder()}
 * @param pluginsEnabled false when {@code PLUGINS_ENABLED} (or {@code plugins.enabled}) switched
 *     plugins off: then start no host at all ({@link #hostBuilder()} refuses), and {@link
 *     HostSettings#hotReload()} is off
 * @param providers the {@code [[providers]]} entries of the file, in order
 * @param entries every setting, in a fixed order, with its value as a flag would take it and its
 *     origin
 * @param file the settings file read, if any
 */
public record Settings(
    HostSettings host,
    boolean pluginsEnabled,
    List<SettingsProvider> providers,
    List<Settings.Entry> entries,
    Optional<Path> file) {

  /**
   * One effective setting.
   *
   * @param key its key under {@code [plugins]} in the file, e.g. {@code max_memory}
   * @param value its value in the form a flag takes ({@code 256MiB}, {@code 30s}, {@code
   *     file,oci}); empty when unset (e.g. no trust root)
   * @param origin where it came from
   */
  public record Entry(String key, String value, SettingsOrigin origin) {
    /** Checks for nulls. */
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /** Copies the lists. */
  public Settings {
    Objects.requireNonNull(host, "host");
    providers = List.copyOf(providers);
    entries = List.copyOf(entries);
    Objects.requireNonNull(file, "file");
  }

  /**
   * One setting.
   *
   * @param key its key, e.g. {@code directory}
   * @return its entry
   * @throws NoSuchElementException when there is no such setting
   */
  public Entry entry(String key) {
    return entries.stream()
        .filter(e -> e.key().equals(key))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no setting '" + key + "'"));
  }

  /**
   * Where a setting came from.
   *
   * @param key its key, e.g. {@code directory}
   * @return its origin
   * @throws NoSuchElementException when there is no such setting
   */
  public SettingsOrigin origin(String key) {
    return entry(key).origin();
  }

  /**
   * A builder for a host with these settings, whose plugins named by providers start with the
   * providers' configuration (each time the host starts; an operator's later change lasts until the
   * next start). The host installs the providers when it starts (file providers always, {@code
   * oci://} ones when a {@link PluginHostBuilder#referenceResolver} is set).
   *
   * @return a builder; set a clock, scheduler or state store on it as usual
   * @throws IllegalStateException when plugins are switched off ({@link #pluginsEnabled()})
   */
  public PluginHostBuilder hostBuilder() {
    if (!pluginsEnabled) {
      throw new IllegalStateException(
          "plugins are switched off (" + origin(SettingsCatalog.ENABLED) + "); start no host");
    }
    return PluginHost.builder()
        .settings(host)
        .providers(providers)
        .stateStore(
            SettingsProviders.withConfig(StateStore.inDirectory(host.directory()), providers));
  }
}
