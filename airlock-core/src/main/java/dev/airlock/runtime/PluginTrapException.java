package dev.airlock.runtime;

/** The plugin trapped: the wasm equivalent of a crash. The instance is discarded. */
public class PluginTrapException extends PluginException {
  private static final long serialVersionUID = 1L;

  /** What kind of trap. */
  public enum Kind {
    /** {@code unreachable} executed. */
    UNREACHABLE,
    /** A memory access outside the linear memory. */
    OUT_OF_BOUNDS_MEMORY,
    /** A table access outside the table, or an uninitialized element. */
    OUT_OF_BOUNDS_TABLE,
    /** {@code call_indirect} to a function of the wrong type. */
    INDIRECT_CALL_TYPE_MISMATCH,
    /** Integer division or remainder by zero. */
    DIVIDE_BY_ZERO,
    /** Signed integer overflow (e.g. {@code INT_MIN / -1}). */
    INTEGER_OVERFLOW,
    /** A float that cannot be converted to the integer type (NaN, out of range). */
    INVALID_CONVERSION,
    /** Recursion too deep. */
    STACK_EXHAUSTED,
    /** The plugin called WASI {@code proc_exit}. */
    EXIT,
    /** The plugin asked for something it was not granted (a host, a file, …). */
    DENIED,
    /** The plugin broke its ABI during the call (bad pointer, bad length, bad block). */
    ABI_VIOLATION,
    /** Any other trap. */
    OTHER
  }

  private final Kind kind;

  /**
   * Creates an exception.
   *
   * @param plugin the plugin's name
   * @param hook the hook
   * @param kind the trap kind
   * @param message what happened
   * @param cause the runtime's exception
   */
  public PluginTrapException(
      String plugin, String hook, Kind kind, String message, Throwable cause) {
    super(plugin, hook, message, cause);
    this.kind = kind;
  }

  /**
   * What kind of trap.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }
}
