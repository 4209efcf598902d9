package dev.airlock.runtime;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The host-side block memory Extism plugins address with 64-bit offsets ({@code alloc}, {@code
 * load_u8}, {@code output_set}, …). A bump allocator over one growing array, fresh for every call,
 * capped in total bytes. Offset 0 means "none". Not thread-safe; one per call.
 */
final class ExtismKernel implements ExtismMemory {
  private static final int BASE = 8;

  private final long cap;
  private byte[] bytes = new byte[1024];
  private long top = BASE;
  private final Map<Long, Long> blocks = new HashMap<>();

  ExtismKernel(long capBytes) {
    this.cap = capBytes;
  }

  long alloc(long n) {
    if (n <= 0) {
      return 0;
    }
    if (n > cap - top) {
      throw new AbiViolation(
          "Extism alloc of " + n + " bytes is over the call's memory cap of " + cap + " bytes",
          cap,
          n);
    }
    long offset = top;
    top += n;
    if (top > bytes.length) {
      bytes = Arrays.copyOf(bytes, (int) Math.min(cap, Math.max(top, 2L * bytes.length)));
    }
    blocks.put(offset, n);
    return offset;
  }

  void free(long offset) {
    blocks.remove(offset); // a bump allocator: the bytes go when the call ends
  }

  long length(long offset) {
    return blocks.getOrDefault(offset, 0L);
  }

  @Override
  public byte[] read(long offset) {
    Long n = blocks.get(offset);
    if (n == null) {
      throw new IllegalArgumentException(offset + " is not the start of an allocated block");
    }
    return read(offset, n, "host function read");
  }

  @Override
  public long write(byte[] data) {
    return store(data);
  }

  long store(byte[] data) {
    long offset = alloc(data.length);
    if (offset != 0) {
      System.arraycopy(data, 0, bytes, (int) offset, data.length);
    }
    return offset;
  }

  byte[] read(long offset, long n, String what) {
    checkRange(offset, n, what);
    return Arrays.copyOfRange(bytes, (int) offset, (int) (offset + n));
  }

  /** The whole block starting at {@code offset}. */
  byte[] block(long offset, String what) {
    Long n = blocks.get(offset);
    if (n == null) {
      throw new AbiViolation(what + ": " + offset + " is not the start of an allocated block");
    }
    return read(offset, n, what);
  }

  int loadU8(long offset) {
    checkRange(offset, 1, "load_u8");
    return bytes[(int) offset] & 0xff;
  }

  long loadU32(long offset) {
    checkRange(offset, 4, "load_u32");
    long v = 0;
    for (int i = 3; i >= 0; i--) {
      v = (v << 8) | (bytes[(int) offset + i] & 0xff);
    }
    return v;
  }

  long loadU64(long offset) {
    checkRange(offset, 8, "load_u64");
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (bytes[(int) offset + i] & 0xff);
    }
    return v;
  }

  void storeU8(long offset, int value) {
    checkRange(offset, 1, "store_u8");
    bytes[(int) offset] = (byte) value;
  }

  void storeU32(long offset, long value) {
    checkRange(offset, 4, "store_u32");
    for (int i = 0; i < 4; i++) {
      bytes[(int) offset + i] = (byte) (value >>> (8 * i));
    }
  }

  void storeU64(long offset, long value) {
    checkRange(offset, 8, "store_u64");
    for (int i = 0; i < 8; i++) {
      bytes[(int) offset + i] = (byte) (value >>> (8 * i));
    }
  }

  private void checkRange(long offset, long n, String what) {
    if (offset < BASE || n < 0 || offset > top - n) {
      throw new AbiViolation(
          String.format(
              java.util.Locale.ROOT,
              "Extism %s at offset %d (%d bytes) is outside the allocated memory [%d, %d)",
              what,
              offset,
              n,
              BASE,
              top));
    }
  }
}
