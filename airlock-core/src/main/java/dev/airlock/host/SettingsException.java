package dev.airlock.host;

import dev.airlock.AirlockException;

/**
 * Host settings could not be loaded: a flag, an environment variable or the settings file holds a
 * value of the wrong form, the file has an unknown key, or settings contradict each other. The
 * message names where the value came from, the value and what is expected, e.g. {@code env
 * PLUGIN_MAX_CPU_MS: expected a whole number of milliseconds, at least 1, got 'fast'} or {@code
 * airlock.toml: unknown key 'plugins.timout' (did you mean 'timeout'?)}. {@link #expected()} and
 * {@link #actual()} hold the expected form and the value found, when there are such.
 */
public class SettingsException extends AirlockException {
  private static final long serialVersionUID = 1L;

  private final transient SettingsOrigin origin;
  private final String key;

  /**
   * Creates an exception.
   *
   * @param message the whole message, for a person to act on
   * @param origin where the offending value came from
   * @param key the setting or file key concerned, e.g. {@code max_memory} or {@code plugins.timout}
   * @param expected what would have been accepted, or {@code null}
   * @param actual the value found, or {@code null}
   */
  public SettingsException(
      String message, SettingsOrigin origin, String key, String expected, String actual) {
    super(message, expected, actual, null);
    this.origin = origin;
    this.key = key;
  }

  /**
   * @return where the offending value came from
   */
  public SettingsOrigin origin() {
    return origin;
  }

  /**
   * @return the setting or file key concerned
   */
  public String key() {
    return key;
  }
}
