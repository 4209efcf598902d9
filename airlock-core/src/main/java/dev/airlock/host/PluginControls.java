package dev.airlock.host;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What an operator changes about an installed plugin: enabled or not, and its configuration, each
 * remembered across restarts and announced as an event. The host calls these under its lock.
 */
final class PluginControls {
  private final Map<String, PluginEntry> entries;
  private final SavedState saved;
  private final HostListeners listeners;
  private final Clock clock;

  PluginControls(
      Map<String, PluginEntry> entries, SavedState saved, HostListeners listeners, Clock clock) {
    this.entries = entries;
    this.saved = saved;
    this.listeners = listeners;
    this.clock = clock;
  }

  /** The plugin's entry, or {@link HostException.Reason#NOT_FOUND} naming the ones there are. */
  PluginEntry entry(String plugin) throws HostException {
    PluginEntry e = entries.get(plugin);
    if (e == null) {
      throw new HostException(
          HostException.Reason.NOT_FOUND,
          "no plugin '"
              + plugin
              + "' in this host (plugins: "
              + entries.keySet().stream().sorted().toList()
              + ")",
          List.of());
    }
    return e;
  }

  void enable(String plugin) throws HostException {
    PluginEntry e = entry(plugin);
    if (e.current == null) {
      throw new HostException(
          HostException.Reason.WRONG_STATE,
          "plugin '" + plugin + "' cannot be enabled: it has no loaded version (" + e.failure + ")",
          List.of());
    }
    if (e.status != PluginStatus.ENABLED) {
      e.status = PluginStatus.ENABLED;
      e.enabledAt = clock.instant();
      listeners.emit(new HostEvent(clock.instant(), plugin, HostEvent.Type.ENABLED, ""));
    }
    saved.enabled(plugin, true);
  }

  void disable(String plugin) throws HostException {
    PluginEntry e = entry(plugin);
    if (e.status == PluginStatus.ENABLED || e.status == PluginStatus.LOADED) {
      e.status = PluginStatus.DISABLED;
      e.enabledAt = null;
      listeners.emit(new HostEvent(clock.instant(), plugin, HostEvent.Type.DISABLED, ""));
    }
    saved.enabled(plugin, false);
  }

  void configure(String plugin, Map<String, String> config) throws HostException {
    PluginEntry e = entry(plugin);
    LoadedVersion v = e.current;
    if (v != null) {
      List<String> problems =
          v.artefact
              .artefact()
              .manifest()
              .configSchema()
              .map(s -> s.validate(config))
              .orElse(List.of());
      if (!problems.isEmpty()) {
        throw new HostException(
            HostException.Reason.INVALID_CONFIG,
            "configuration refused"
                + " for plugin '"
                + plugin
                + "': "
                + String.join("; ", problems),
            problems);
      }
      v.plugin.configure(config);
    }
    e.config = Map.copyOf(config);
    saved.configured(plugin, config);
    listeners.emit(
        new HostEvent(
            clock.instant(),
            plugin,
            HostEvent.Type.CONFIGURED,
            config.keySet().stream().sorted().toList().toString()));
  }
}
