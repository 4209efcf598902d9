package dev.airlock.contract;

import java.util.Objects;

/**
 * A message from one plugin: a rejection reason or a warning.
 *
 * @param plugin the plugin's name
 * @param message what it said
 */
public record Remark(String plugin, String message) {
  /** Checks the fields. */
  public Remark {
    Objects.requireNonNull(plugin, "plugin");
    Objects.requireNonNull(message, "message");
  }
}
