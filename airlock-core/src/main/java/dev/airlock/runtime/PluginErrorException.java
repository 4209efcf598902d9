package dev.airlock.runtime;

/**
 * The plugin reported an error itself (an Extism export returned non-zero, with the message it set
 * through {@code error_set}). The instance is healthy and may be reused.
 */
public class PluginErrorException extends PluginException {
  private static final long serialVersionUID = 1L;

  private final int code;

  /**
   * Creates an exception.
   *
   * @param plugin the plugin's name
   * @param hook the hook
   * @param code the non-zero return code
   * @param message the plugin's error message
   */
  public PluginErrorException(String plugin, String hook, int code, String message) {
    super(plugin, hook, message, null);
    this.code = code;
  }

  /**
   * The return code of the export.
   *
   * @return non-zero code
   */
  public int code() {
    return code;
  }
}
