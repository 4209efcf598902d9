package dev.airlock.runtime;

/**
 * The module does not fit its ABI or the host: a missing or mistyped export, an import the host
 * does not provide, several memories, a declared memory or table over the cap, a grant the host
 * does not allow. Raised at load time, before any call.
 */
public class PluginAbiException extends PluginException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param plugin the plugin's name
   * @param hook the hook concerned, or {@code null}
   * @param message what does not fit, and what would
   */
  public PluginAbiException(String plugin, String hook, String message) {
    super(plugin, hook, message, null);
  }
}
