package dev.airlock.runtime;

/**
 * The plugin's memory needs are over its cap: its declared initial memory is larger than the cap
 * (at load), or it ran out of memory it could not grow (a trap after a failed grow).
 */
public class PluginMemoryLimitException extends PluginLimitException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param plugin the plugin's name
   * @param hook the hook, or {@code null} at load
   * @param message what was over the cap
   * @param limitPages the cap in 64 KiB pages
   * @param requestedPages pages asked for
   */
  public PluginMemoryLimitException(
      String plugin, String hook, String message, long limitPages, long requestedPages) {
    super(plugin, hook, message, limitPages, requestedPages);
  }
}
