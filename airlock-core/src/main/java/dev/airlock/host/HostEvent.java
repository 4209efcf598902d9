package dev.airlock.host;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened to a plugin in a host: loaded, reloaded, enabled, failed, removed, …
 *
 * @param time when it happened (the host's clock)
 * @param plugin the plugin's name, or the file name when no name is known
 * @param type what happened
 * @param message details for a person, e.g. the reason of a failure
 */
public record HostEvent(Instant time, String plugin, Type type, String message) {
  /** Kinds of events. */
  public enum Type {
    /** A plugin file was found and its plugin loaded. */
    LOADED,
    /** A new version replaced the one serving. */
    RELOADED,
    /** A plugin started serving. */
    ENABLED,
    /** A plugin stopped serving on request. */
    DISABLED,
    /** Its configuration changed. */
    CONFIGURED,
    /** A file could not be loaded; whatever was serving keeps serving. */
    FAILED,
    /** Its file was removed and it was unloaded. */
    REMOVED,
    /** Two files claim one plugin name; neither replaces the other. */
    CONFLICT,
    /** The watcher lost events and rescanned the directory. */
    RESCANNED
  }

  /** Checks for nulls. */
  public HostEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(plugin, "plugin");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return time + " " + plugin + " " + type + (message.isEmpty() ? "" : ": " + message);
  }
}
