package dev.airlock.runtime;

import dev.airlock.AirlockException;
import java.util.Optional;

/**
 * A plugin could not be loaded or a hook call failed. Subtypes say how: {@link PluginAbiException},
 * {@link PluginTrapException}, {@link PluginTimeoutException}, {@link PluginLimitException}, {@link
 * PluginErrorException}.
 */
public class PluginException extends AirlockException {
  private static final long serialVersionUID = 1L;

  private final String plugin;
  private final String hook;
  private transient java.util.List<LogLine> logs = java.util.List.of();

  /**
   * Creates an exception.
   *
   * @param plugin the plugin's name
   * @param hook the hook being called, or {@code null} at load time
   * @param message a message a person can act on
   * @param cause the cause, or {@code null}
   */
  public PluginException(String plugin, String hook, String message, Throwable cause) {
    super(message, null, null, cause);
    this.plugin = plugin;
    this.hook = hook;
  }

  /**
   * The plugin's name.
   *
   * @return the name
   */
  public String plugin() {
    return plugin;
  }

  /**
   * What the plugin logged during the failed call, capped and sanitized.
   *
   * @return the log lines, possibly empty
   */
  public java.util.List<LogLine> logs() {
    return logs == null ? java.util.List.of() : logs;
  }

  PluginException withLogs(java.util.List<LogLine> lines) {
    this.logs = java.util.List.copyOf(lines);
    return this;
  }

  /**
   * The hook that failed, when the failure happened in a call.
   *
   * @return the hook, or empty at load time
   */
  public Optional<String> hook() {
    return Optional.ofNullable(hook);
  }
}
