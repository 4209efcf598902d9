package dev.airlock.testing;

/**
 * The trap kinds of the WebAssembly spec, one hook each in {@link HostileModule#TRAPS} ({@link
 * HostileModules#traps()}). Call-stack exhaustion is {@link HostileModule#DEEP_RECURSION}.
 *
 * <p>{@link #specMessage()} is the spec test suite's message; runtimes word theirs differently
 * (Chicory 1.7.5 says "Trapped on unreachable instruction" and "uninitialized element 2", and
 * throws three different exception types: see the hooks' Javadoc).
 */
public enum HostileTrap {
  /**
   * {@code unreachable}. Chicory 1.7.5: {@code TrapException} "Trapped on unreachable instruction".
   */
  UNREACHABLE("unreachable", "unreachable"),
  /** {@code i32.div_u 1 0}. Chicory 1.7.5: {@code WasmRuntimeException}. */
  DIVIDE_BY_ZERO("divide_by_zero", "integer divide by zero"),
  /** {@code i64.rem_s 1 0}. Chicory 1.7.5: {@code WasmRuntimeException}. */
  REMAINDER_BY_ZERO("remainder_by_zero", "integer divide by zero"),
  /** {@code i32.div_s INT_MIN -1}. Chicory 1.7.5: {@code WasmRuntimeException}. */
  INTEGER_OVERFLOW("integer_overflow", "integer overflow"),
  /** {@code i32.trunc_f32_s NaN}. Chicory 1.7.5: {@code WasmRuntimeException}. */
  INVALID_CONVERSION("invalid_conversion", "invalid conversion to integer"),
  /** {@code i32.trunc_f64_s 1e10}. Chicory 1.7.5: {@code WasmRuntimeException}. */
  CONVERSION_OVERFLOW("conversion_overflow", "integer overflow"),
  /** {@code i32.load} at 0xFFFFFFFC. Chicory 1.7.5: {@code WasmRuntimeException}. */
  OUT_OF_BOUNDS_MEMORY("out_of_bounds_memory", "out of bounds memory access"),
  /**
   * {@code i64.load offset=0xFFFFFFFF} at address 1: the effective address needs 33 bits. Chicory
   * 1.7.5: {@code WasmRuntimeException}.
   */
  OUT_OF_BOUNDS_MEMORY_OFFSET("out_of_bounds_memory_offset", "out of bounds memory access"),
  /**
   * {@code memory.fill} whose end wraps around 2^32. Chicory 1.7.5: {@code WasmRuntimeException}.
   */
  OUT_OF_BOUNDS_BULK_MEMORY("out_of_bounds_bulk_memory", "out of bounds memory access"),
  /** {@code table.get 100} on a 4-entry table. Chicory 1.7.5: {@code WasmRuntimeException}. */
  OUT_OF_BOUNDS_TABLE("out_of_bounds_table", "out of bounds table access"),
  /** {@code call_indirect} of entry 100. Chicory 1.7.5: {@code ChicoryException}. */
  UNDEFINED_ELEMENT("undefined_element", "undefined element"),
  /** {@code call_indirect} of a null entry. Chicory 1.7.5: {@code ChicoryException}. */
  UNINITIALIZED_ELEMENT("uninitialized_element", "uninitialized element"),
  /** {@code call_indirect} with the wrong type. Chicory 1.7.5: {@code ChicoryException}. */
  INDIRECT_CALL_TYPE_MISMATCH("indirect_call_type_mismatch", "indirect call type mismatch");

  private final String hook;
  private final String specMessage;

  HostileTrap(String hook, String specMessage) {
    this.hook = hook;
    this.specMessage = specMessage;
  }

  /** The hook in {@link HostileModule#TRAPS} that traps this way, e.g. {@code divide_by_zero}. */
  public String hook() {
    return hook;
  }

  /** The spec's message for this trap, e.g. {@code integer divide by zero}. */
  public String specMessage() {
    return specMessage;
  }
}
