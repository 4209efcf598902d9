package dev.airlock.runtime;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;

/** Bounds-checked access to a plugin's linear memory from host functions. */
final class GuestMemory {
  private GuestMemory() {}

  /** Reads {@code len} bytes at {@code ptr}, refusing ranges outside memory or over {@code cap}. */
  static byte[] read(Instance instance, long ptr, long len, int cap, String what) {
    check(instance, ptr, len, cap, what);
    return instance.memory().readBytes((int) ptr, (int) len);
  }

  /** Writes {@code data} at {@code ptr}, refusing ranges outside memory. */
  static void write(Instance instance, long ptr, byte[] data, String what) {
    check(instance, ptr, data.length, Integer.MAX_VALUE, what);
    instance.memory().write((int) ptr, data);
  }

  private static void check(Instance instance, long ptr, long len, int cap, String what) {
    Memory memory = instance.memory();
    if (memory == null) {
      throw new AbiViolation(what + ": the module has no memory");
    }
    long p = ptr & 0xffffffffL;
    long n = len & 0xffffffffL;
    if (n > cap) {
      throw new AbiViolation(
          what + " of " + n + " bytes is over the cap of " + cap + " bytes", cap, n);
    }
    long size = (long) memory.pages() * 65_536;
    if (p + n > size) {
      throw new AbiViolation(
          String.format(
              java.util.Locale.ROOT,
              "%s [%d, %d) is outside the plugin's memory of %d bytes",
              what,
              p,
              p + n,
              size));
    }
  }
}
