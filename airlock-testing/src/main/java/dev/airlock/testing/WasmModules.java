package dev.airlock.testing;

import java.io.ByteArrayOutputStream;
import java.util.Random;

/** WebAssembly binaries for tests, assembled by hand. */
public final class WasmModules {
  private static final byte[] PREAMBLE = {0, 'a', 's', 'm', 1, 0, 0, 0};

  private WasmModules() {}

  /** The smallest valid module: just the preamble. */
  public static byte[] empty() {
    return PREAMBLE.clone();
  }

  /**
   * A valid module of about {@code size} bytes: the preamble and one custom section whose payload
   * mixes text-like and random bytes, so it compresses (about 1.3x at gzip level 9) instead of
   * collapsing like zeros would; real code compresses better, so this is a conservative input for
   * load benchmarks.
   */
  public static byte[] ofSize(int size, long seed) {
    Random random = new Random(seed);
    int payload = Math.max(0, size - PREAMBLE.length - 1 - 5 - 5);
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    out.writeBytes(PREAMBLE);
    out.write(0); // custom section
    byte[] name = "airlock.filler".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    leb(out, 1 + name.length + payload);
    leb(out, name.length);
    out.writeBytes(name);
    byte[] words =
        "local.get i32.add call br_if memory.grow end "
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] chunk = new byte[64];
    for (int written = 0; written < payload; written += chunk.length) {
      if (random.nextInt(3) == 0) {
        random.nextBytes(chunk);
      } else {
        for (int i = 0; i < chunk.length; i++) {
          chunk[i] = words[(i + random.nextInt(8)) % words.length];
        }
      }
      out.write(chunk, 0, Math.min(chunk.length, payload - written));
    }
    return out.toByteArray();
  }

  private static void leb(ByteArrayOutputStream out, int value) {
    // Fixed five-byte LEB128, so the section header size does not depend on the value.
    for (int i = 0; i < 4; i++) {
      out.write((value & 0x7f) | 0x80);
      value >>>= 7;
    }
    out.write(value & 0x7f);
  }
}
