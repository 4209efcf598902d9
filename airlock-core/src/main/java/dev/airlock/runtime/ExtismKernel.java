package dev.airlock.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
  private static final VarHandle U32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle U64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final long cap;
  private byte[] bytes;
  private long top = BASE;
  private final Map<Long, Long> blocks = new HashMap<>();

  ExtismKernel(long capBytes) {
    this(capBytes, 1024);
  }

  /** A kernel whose first {@code initialBytes} need no growing (the input and a reply, say). */
  ExtismKernel(long capBytes, int initialBytes) {
    this.cap = capBytes;
    this.bytes = new byte[(int) Math.min(capBytes, Math.max(64, initialBytes))];
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
    return Integer.toUnsignedLong((int) U32.get(bytes, (int) offset));
  }

  long loadU64(long offset) {
    checkRange(offset, 8, "load_u64");
    return (long) U64.get(bytes, (int) offset);
  }

  void storeU8(long offset, int value) {
    checkRange(offset, 1, "store_u8");
    bytes[(int) offset] = (byte) value;
  }

  void storeU32(long offset, long value) {
    checkRange(offset, 4, "store_u32");
    U32.set(bytes, (int) offset, (int) value);
  }

  void storeU64(long offset, long value) {
    checkRange(offset, 8, "store_u64");
    U64.set(bytes, (int) offset, value);
  }

  private void checkRange(long offset, long n, String what) {
    if (offset < BASE || n < 0 || offset > top - n) {
      throw outside(offset, n, what);
    }
  }

  // Apart from checkRange, so that it stays small enough to inline into every load and store.
  private AbiViolation outside(long offset, long n, String what) {
    return new AbiViolation(
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
