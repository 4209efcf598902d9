package dev.airlock.runtime;

import java.io.ByteArrayOutputStream;

/**
 * A wasm module with every function body replaced by {@code unreachable} and its custom sections
 * dropped: what an instance needs when its code comes from compiled classes (the disk compile
 * cache), and much less to parse and validate in a cold JVM. Chicory's build-time compiler ships
 * the same kind of stripped module beside its classes.
 *
 * <p>Only used for bytes whose digest has a cache entry, i.e. bytes that were parsed, validated and
 * compiled in full before; still, framing is checked here and any fault is an {@link
 * IllegalArgumentException}, after which the caller parses the whole module as usual.
 */
final class CodelessModule {
  private static final int CUSTOM = 0;
  private static final int CODE = 10;
  private static final byte[] UNREACHABLE_BODY = {3, 0, 0x00, 0x0b}; // size, no locals, op, end

  private final byte[] in;
  private int pos;

  private CodelessModule(byte[] in) {
    this.in = in;
  }

  /**
   * The module without its code.
   *
   * @param wasm a binary module
   * @return the stripped module
   * @throws IllegalArgumentException when the bytes are not framed as a wasm module
   */
  static byte[] of(byte[] wasm) {
    return new CodelessModule(wasm).strip();
  }

  private byte[] strip() {
    if (in.length < 8
        || in[0] != 0
        || in[1] != 'a'
        || in[2] != 's'
        || in[3] != 'm'
        || in[4] != 1
        || in[5] != 0
        || in[6] != 0
        || in[7] != 0) {
      throw new IllegalArgumentException("not a wasm 1.0 binary module");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(in.length, 1 << 16));
    out.write(in, 0, 8);
    pos = 8;
    while (pos < in.length) {
      int id = in[pos++] & 0xff;
      int size = u32();
      int start = pos;
      if (size > in.length - start) {
        throw new IllegalArgumentException(
            "section " + id + " at byte " + start + " claims " + size + " bytes; the module ends");
      }
      if (id == CODE) {
        writeSection(out, CODE, codeless(start + size));
      } else if (id != CUSTOM) {
        out.write(id);
        writeU32(out, size);
        out.write(in, start, size);
      }
      pos = start + size;
    }
    return out.toByteArray();
  }

  /** The code section's payload with every body replaced; checks the bodies' framing. */
  private byte[] codeless(int end) {
    int count = u32();
    ByteArrayOutputStream payload = new ByteArrayOutputStream(5 + count * 4);
    writeU32(payload, count);
    for (int i = 0; i < count; i++) {
      int size = u32();
      if (size > end - pos) {
        throw new IllegalArgumentException(
            "function body " + i + " claims " + size + " bytes; the code section ends");
      }
      pos += size;
      payload.writeBytes(UNREACHABLE_BODY);
    }
    if (pos != end) {
      throw new IllegalArgumentException(
          "code section has " + (end - pos) + " bytes after its " + count + " bodies");
    }
    return payload.toByteArray();
  }

  private static void writeSection(ByteArrayOutputStream out, int id, byte[] payload) {
    out.write(id);
    writeU32(out, payload.length);
    out.writeBytes(payload);
  }

  private int u32() {
    long v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (pos >= in.length) {
        throw new IllegalArgumentException("the module ends inside a number at byte " + pos);
      }
      int b = in[pos++] & 0xff;
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (v > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("number over 2^31 at byte " + pos);
        }
        return (int) v;
      }
    }
    throw new IllegalArgumentException("number longer than 5 bytes at byte " + pos);
  }

  private static void writeU32(ByteArrayOutputStream out, int v) {
    int rest = v;
    do {
      int b = rest & 0x7f;
      rest >>>= 7;
      out.write(rest == 0 ? b : b | 0x80);
    } while (rest != 0);
  }
}
