package dev.airlock.runtime;

/** A call hit a host-side cap: input, output, log, KV or HTTP body size. */
public class PluginLimitException extends PluginException {
  private static final long serialVersionUID = 1L;

  private final long limit;
  private final long requested;

  /**
   * Creates an exception.
   *
   * @param plugin the plugin's name
   * @param hook the hook
   * @param message what was over which cap
   * @param limit the cap
   * @param requested what was asked for
   */
  public PluginLimitException(
      String plugin, String hook, String message, long limit, long requested) {
    super(plugin, hook, message, null);
    this.limit = limit;
    this.requested = requested;
  }

  /**
   * The cap.
   *
   * @return the cap, in the unit the message names
   */
  public long limit() {
    return limit;
  }

  /**
   * What the plugin or caller asked for.
   *
   * @return the requested amount
   */
  public long requested() {
    return requested;
  }
}
