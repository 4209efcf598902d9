package dev.airlock.benchmarks;

/**
 * The computations of the {@code cpu-burn} example plugin, written in Java the way clang compiled
 * them to wasm, so the JVM and the wasm do the same arithmetic.
 */
final class JavaTwins {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private JavaTwins() {}

  /**
   * 64-bit FNV-1a, as {@code cpu-burn}'s {@code fnv1a} hook.
   *
   * @param in the bytes
   * @return their hash
   */
  static long fnv1a(byte[] in) {
    long h = FNV_OFFSET;
    for (byte b : in) {
      h ^= b & 0xff;
      h *= FNV_PRIME;
    }
    return h;
  }

  /**
   * {@code fib(n)} by naive recursion, as {@code cpu-burn}'s {@code fib} hook. The C source is
   * {@code n < 2 ? n : fib(n - 1) + fib(n - 2)}; clang -O2 turned the second call into a loop, and
   * so does this, so both make the same 121,392 calls for {@code n = 25}.
   *
   * @param n the index
   * @return the Fibonacci number
   */
  static long fib(int n) {
    long acc = 0;
    while (n >= 2) {
      acc += fib(n - 1);
      n -= 2;
    }
    return acc + n;
  }

  /**
   * A long as 8 little-endian bytes, the way the plugin returns it.
   *
   * @param v the value
   * @return the bytes
   */
  static byte[] littleEndian(long v) {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (v >>> (8 * i));
    }
    return b;
  }
}
