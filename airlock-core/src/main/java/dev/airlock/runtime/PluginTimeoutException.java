package dev.airlock.runtime;

import java.time.Duration;

/** A call ran past its wall-clock deadline or its CPU-time budget and was stopped. */
public class PluginTimeoutException extends PluginException {
  private static final long serialVersionUID = 1L;

  /** Which budget ran out. */
  public enum Budget {
    /** Wall-clock time. */
    WALL_CLOCK,
    /** CPU time of the calling thread. */
    CPU
  }

  private final Budget budget;
  private final Duration limit;
  private final Duration elapsed;

  /**
   * Creates an exception.
   *
   * @param plugin the plugin's name
   * @param hook the hook
   * @param budget which budget ran out
   * @param limit the budget
   * @param elapsed wall-clock time the call ran before it stopped
   */
  public PluginTimeoutException(
      String plugin, String hook, Budget budget, Duration limit, Duration elapsed) {
    super(plugin, hook, message(plugin, hook, budget, limit, elapsed), null);
    this.budget = budget;
    this.limit = limit;
    this.elapsed = elapsed;
  }

  private static String message(
      String plugin, String hook, Budget budget, Duration limit, Duration elapsed) {
    return String.format(
        java.util.Locale.ROOT,
        "plugin '%s' hook '%s' exceeded its %s limit of %d ms and was stopped after %.1f ms",
        plugin,
        hook,
        budget == Budget.CPU ? "CPU-time" : "time",
        limit.toMillis(),
        elapsed.toNanos() / 1e6);
  }

  /**
   * Which budget ran out.
   *
   * @return the budget
   */
  public Budget budget() {
    return budget;
  }

  /**
   * The limit that was exceeded.
   *
   * @return the limit
   */
  public Duration limit() {
    return limit;
  }

  /**
   * Wall-clock time from the start of the call until it stopped.
   *
   * @return elapsed time
   */
  public Duration elapsed() {
    return elapsed;
  }
}
