package dev.airlock.runtime;

/**
 * Thrown inside a host function when the plugin breaks its ABI (a pointer outside memory, a length
 * over a cap, an unknown block); becomes a {@link PluginTrapException} of kind {@code
 * ABI_VIOLATION}, or a {@link PluginLimitException} when {@link #limit} is set.
 */
final class AbiViolation extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final long limit;
  final long requested;
  final boolean denied;

  /** An Extism {@code input_load} outside the input (made here, off the host functions' path). */
  static AbiViolation inputIndex(long index, int inputLength) {
    return new AbiViolation(
        "input_load at " + index + " is outside the input of " + inputLength + " bytes");
  }

  AbiViolation(String message) {
    this(message, -1, -1, false);
  }

  AbiViolation(String message, long limit, long requested) {
    this(message, limit, requested, false);
  }

  private AbiViolation(String message, long limit, long requested, boolean denied) {
    super(message, null, false, false);
    this.limit = limit;
    this.requested = requested;
    this.denied = denied;
  }

  /** The plugin asked for something it was not granted. */
  static AbiViolation denied(String message) {
    return new AbiViolation(message, -1, -1, true);
  }

  boolean isLimit() {
    return limit >= 0;
  }
}
