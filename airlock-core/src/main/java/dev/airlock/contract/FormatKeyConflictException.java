package dev.airlock.contract;

import java.util.List;

/**
 * Two enabled plugins claim the same format key, so neither can be chosen: the host should refuse
 * (or disable) the newer one. The message names the key and both plugins.
 */
public class FormatKeyConflictException extends ContractException {
  private static final long serialVersionUID = 1L;

  private final String formatKey;
  private final transient List<String> plugins;

  /**
   * Creates an exception.
   *
   * @param formatKey the contested key
   * @param plugins the plugins claiming it, in dispatch order (at least two)
   */
  public FormatKeyConflictException(String formatKey, List<String> plugins) {
    super(
        message(formatKey, plugins),
        "one plugin for format '" + formatKey + "'",
        plugins.toString());
    this.formatKey = formatKey;
    this.plugins = List.copyOf(plugins);
  }

  private static String message(String formatKey, List<String> plugins) {
    return "format key '"
        + formatKey
        + "' is claimed by plugins '"
        + String.join("' and '", plugins)
        + "': a format has one handler; disable all but one of them";
  }

  /**
   * The contested key.
   *
   * @return the format key
   */
  public String formatKey() {
    return formatKey;
  }

  /**
   * The plugins claiming the key, in dispatch order.
   *
   * @return at least two plugin names
   */
  public List<String> plugins() {
    return plugins;
  }
}
