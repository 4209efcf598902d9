package dev.airlock.host;

import dev.airlock.artefact.SemanticVersion;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the host remembers of each plugin across restarts (enabled or not, configuration, highest
 * version seen), kept in memory and written through its {@link StateStore}. Not thread-safe: the
 * host calls it under its lock.
 */
final class SavedState {
  private static final System.Logger LOG = System.getLogger(SavedState.class.getName());
  private final StateStore store;
  private Map<String, StateStore.Entry> saved = new HashMap<>();

  SavedState(StateStore store) {
    this.store = store;
  }

  /** Reads everything the store holds, replacing what was in memory. */
  void load() throws IOException {
    saved = new HashMap<>(store.load());
  }

  StateStore.Entry of(String plugin) {
    return saved.getOrDefault(plugin, StateStore.Entry.EMPTY);
  }

  /** A version was loaded with this configuration: the highest version seen may rise. */
  void loaded(String plugin, Map<String, String> config, SemanticVersion version) {
    StateStore.Entry old = of(plugin);
    Optional<String> highest =
        old.highestVersion()
            .filter(h -> SemanticVersion.parse(h).compareTo(version) > 0)
            .or(() -> Optional.of(version.toString()));
    persist(plugin, new StateStore.Entry(old.enabled(), config, highest));
  }

  void enabled(String plugin, boolean enabled) {
    StateStore.Entry old = of(plugin);
    persist(plugin, new StateStore.Entry(Optional.of(enabled), old.config(), old.highestVersion()));
  }

  void configured(String plugin, Map<String, String> config) {
    StateStore.Entry old = of(plugin);
    persist(plugin, new StateStore.Entry(old.enabled(), config, old.highestVersion()));
  }

  /** Deletes all that is remembered of a plugin. */
  void forget(String plugin) throws IOException {
    store.delete(plugin);
    saved.remove(plugin);
  }

  private void persist(String plugin, StateStore.Entry entry) {
    try {
      store.save(plugin, entry);
      saved.put(plugin, entry);
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot save the state of plugin ''{0}'': {1}", plugin, e);
    }
  }
}
