package dev.airlock.runtime;

/**
 * A function a host application offers to Extism plugins in the import module {@code
 * extism:host/user}. Parameters and results are 64-bit values, as Extism plugin kits declare them;
 * pointers are offsets into the call's {@link ExtismMemory}.
 *
 * <p>Runs on the calling thread, inside the call's time budget: a function that blocks should
 * return before the budget ends. An exception thrown here ends the call as a trap.
 */
@FunctionalInterface
public interface ExtismHostFunction {
  /**
   * Handles one call from a plugin.
   *
   * @param memory the call's block memory
   * @param args the arguments
   * @return the results, as many as declared
   */
  long[] call(ExtismMemory memory, long[] args);
}
