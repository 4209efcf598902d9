package dev.airlock.host;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Where a host keeps what must survive a restart: per plugin, whether it is enabled, its
 * configuration and the highest version seen (for rollback protection). The default is a file in
 * the plugins directory ({@link #inDirectory}); a server can keep it in its database.
 *
 * <p>Implementations must be thread-safe and write atomically.
 */
public interface StateStore {
  /**
   * The saved state of one plugin.
   *
   * @param enabled whether an operator enabled (true) or disabled (false) it, or empty when no one
   *     decided
   * @param config its configuration
   * @param highestVersion the highest version ever loaded, as text, or empty
   */
  record Entry(
      Optional<Boolean> enabled, Map<String, String> config, Optional<String> highestVersion) {
    /** Copies the config. */
    public Entry {
      config = Map.copyOf(config);
    }

    /** Nothing known. */
    public static final Entry EMPTY = new Entry(Optional.empty(), Map.of(), Optional.empty());
  }

  /**
   * Everything saved.
   *
   * @return plugin name to entry
   * @throws IOException when the store cannot be read
   */
  Map<String, Entry> load() throws IOException;

  /**
   * Saves one plugin's entry, replacing what was there.
   *
   * @param plugin the plugin's name
   * @param entry its state
   * @throws IOException when the store cannot be written; the old state is then unchanged
   */
  void save(String plugin, Entry entry) throws IOException;

  /**
   * Forgets one plugin (it was uninstalled). The default saves an empty entry; stores that can
   * remove it outright should.
   *
   * @param plugin the plugin's name
   * @throws IOException when the store cannot be written; the old state is then unchanged
   */
  default void delete(String plugin) throws IOException {
    save(plugin, Entry.EMPTY);
  }

  /**
   * A store in {@code dir/.airlock-state.json}, written atomically.
   *
   * @param dir the plugins directory
   * @return the store
   */
  static StateStore inDirectory(java.nio.file.Path dir) {
    return new FileStateStore(dir.resolve(".airlock-state.json"));
  }
}
