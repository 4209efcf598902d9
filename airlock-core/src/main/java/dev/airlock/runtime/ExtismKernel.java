package dev.airlock.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The host-side block memory Extism plugins address with 64-bit offsets ({@code alloc}, {@code
 * load_u8}, {@code output_set}, …). A bump allocator over one growing array, capped in total bytes.
 * Offset 0 means "none". Every call starts with it empty and zeroed ({@link #reset}): a pooled
 * instance keeps its kernel from call to call, so its array is not allocated and zeroed again for
 * every call. Not thread-safe; used by one call at a time.
 */
final class ExtismKernel implements ExtismMemory {
  private static final int BASE = 8;
  private static final VarHandle U32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle U64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  // Kept across calls up to this size; a bigger array is dropped when the call ends.
  private static final int RETAIN_BYTES = 1 << 20;

  private long cap; // set for each call by ready()
  private final int initialBytes;
  private byte[] bytes;
  private long top = BASE;
  // The blocks, in allocation order, which is also offset order (a bump allocator): found by
  // binary search. A freed block keeps its place with a negative length.
  private long[] starts = new long[8];
  private long[] lengths = new long[8];
  private int blocks;
  // The call's input block (see #storeInput), for input_load_u64 without the call state.
  private long inputOffset;
  private long inputLength;

  /** A kernel whose first {@code initialBytes} need no growing (the input and a reply, say). */
  ExtismKernel(long capBytes, int initialBytes) {
    this.cap = capBytes;
    this.initialBytes = (int) Math.min(capBytes, Math.max(64, initialBytes));
    this.bytes = new byte[this.initialBytes];
  }

  /**
   * Readies the kernel for a call: emptied ({@link #reset}), capped, and holding the call's input.
   *
   * @return where the input starts
   */
  long ready(long capBytes, byte[] input) {
    reset();
    cap = capBytes;
    return storeInput(input);
  }

  /** Empties the kernel for the next call: no blocks, and every byte used so far zeroed. */
  void reset() {
    if (bytes.length > RETAIN_BYTES) {
      bytes = new byte[initialBytes];
    } else {
      Arrays.fill(bytes, 0, (int) Math.min(top, bytes.length), (byte) 0);
    }
    top = BASE;
    blocks = 0;
    inputOffset = 0;
    inputLength = 0;
    if (starts.length > 1024) {
      starts = new long[8];
      lengths = new long[8];
    }
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
    if (blocks == starts.length) {
      starts = Arrays.copyOf(starts, blocks * 2);
      lengths = Arrays.copyOf(lengths, blocks * 2);
    }
    starts[blocks] = offset;
    lengths[blocks] = n;
    blocks++;
    return offset;
  }

  void free(long offset) {
    int i = Arrays.binarySearch(starts, 0, blocks, offset);
    if (i >= 0) {
      lengths[i] = -1; // a bump allocator: the bytes go when the call ends
    }
  }

  /** The length of the live block starting at {@code offset}; 0 when there is none. */
  long length(long offset) {
    int i = Arrays.binarySearch(starts, 0, blocks, offset);
    return i >= 0 ? Math.max(0, lengths[i]) : 0;
  }

  @Override
  public byte[] read(long offset) {
    long n = length(offset);
    if (n == 0) {
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
    long n = length(offset);
    if (n == 0) {
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

  /** Stores the call's input as a block and remembers where it is; returns its offset. */
  long storeInput(byte[] input) {
    inputOffset = store(input);
    inputLength = input.length;
    return inputOffset;
  }

  /** Where the call's input starts ({@code input_offset}). */
  long inputOffset() {
    return inputOffset;
  }

  /** {@code input_load_u8}: the input byte at {@code index}. */
  int inputLoadU8(long index) {
    return bytes[(int) (inputOffset + inputIndex(index, 1))] & 0xff;
  }

  /** {@code input_load_u64}: 8 bytes of the input at {@code index}. */
  long inputLoadU64(long index) {
    return (long) U64.get(bytes, (int) (inputOffset + inputIndex(index, 8)));
  }

  /** An index into the input, checked for a read of {@code width} bytes. */
  private long inputIndex(long index, int width) {
    if (index < 0 || index > inputLength - width) {
      throw AbiViolation.inputIndex(index, (int) inputLength);
    }
    return index;
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
