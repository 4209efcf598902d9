package dev.airlock.host;

/** Where a plugin is in its lifecycle. */
public enum PluginStatus {
  /** Verified and instantiable, not serving calls (a host setting or an operator decides). */
  LOADED,
  /** Serving calls. */
  ENABLED,
  /** Turned off by an operator; its last good version stays loaded. */
  DISABLED,
  /** Could not be loaded; {@link PluginInfo#failure()} says why. */
  FAILED
}
