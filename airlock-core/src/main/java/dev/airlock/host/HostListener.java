package dev.airlock.host;

/**
 * Receives a host's events as they happen. Called on the host's threads: return quickly and do not
 * call back into the host while handling an event for the same plugin.
 */
@FunctionalInterface
public interface HostListener {
  /**
   * An event happened.
   *
   * @param event the event
   */
  void onEvent(HostEvent event);

  /**
   * A plugin logged a line during a call (after the call ends). Ignored unless overridden.
   *
   * @param plugin the plugin's name
   * @param log the line
   */
  default void onLog(String plugin, PluginLog log) {}
}
