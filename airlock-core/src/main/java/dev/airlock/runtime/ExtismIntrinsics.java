package dev.airlock.runtime;

import com.dylibso.chicory.runtime.Instance;

/**
 * Not an API: the targets of the Extism word moves in a plugin's compiled code. {@link
 * DirectImports} points Chicory's stubs for {@code input_load_u64} and {@code store_u64} here, so
 * that these calls reach the instance's kernel through its {@link KernelMachine} instead of
 * Chicory's import dispatch. Each does exactly what {@link ExtismDataFunction} does for the same
 * import; an instance without a kernel of its own takes Chicory's way.
 *
 * <p>Public because compiled plugin code, defined in a class loader of its own, calls it. A caller
 * outside the runtime gains nothing by it: it needs the {@link Instance}, and with it the plugin.
 */
@SuppressWarnings("exports") // Chicory's Instance: only compiled plugin code calls these
public final class ExtismIntrinsics {
  private ExtismIntrinsics() {}

  /**
   * {@code input_load_u64}.
   *
   * @param index the byte index into the input
   * @param instance the calling instance
   * @param importIndex the import's function index, for an instance without a kernel
   * @return the 8 input bytes at {@code index}, little-endian
   */
  public static long inputLoadU64(long index, Instance instance, int importIndex) {
    if (instance.getMachine() instanceof KernelMachine m && m.kernel != null) {
      return m.kernel.inputLoadU64(index);
    }
    return dispatch(instance, importIndex, index)[0];
  }

  /**
   * {@code store_u64}.
   *
   * @param offset the kernel memory offset
   * @param value the 8 bytes to store, little-endian
   * @param instance the calling instance
   * @param importIndex the import's function index, for an instance without a kernel
   */
  public static void storeU64(long offset, long value, Instance instance, int importIndex) {
    if (instance.getMachine() instanceof KernelMachine m && m.kernel != null) {
      m.kernel.storeU64(offset, value);
      return;
    }
    dispatch(instance, importIndex, offset, value);
  }

  private static long[] dispatch(Instance instance, int importIndex, long... args) {
    return instance.imports().function(importIndex).handle().apply(instance, args);
  }
}
