package dev.airlock.contract;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The binary envelope: a JSON header and raw bytes in one hook input or output, so artifact data
 * never travels base64 inside JSON. Layout (docs/contracts/README.md):
 *
 * <pre>
 * offset 0  4 bytes  magic 00 41 4C 01 ("\0AL", version 1)
 * offset 4  4 bytes  header length H, unsigned little-endian
 * offset 8  H bytes  header: one UTF-8 JSON object
 * offset 8+H         payload: raw bytes to the end
 * </pre>
 *
 * Little-endian because wasm memory is: a C plugin reads the length with one {@code memcpy}.
 */
final class Envelope {
  static final byte[] MAGIC = {0x00, 'A', 'L', 0x01};
  static final int PREFIX = 8;
  static final int MAX_HEADER = 1 << 20;

  /** A decoded envelope. */
  record Parts(ObjectNode header, byte[] payload) {}

  private Envelope() {}

  static byte[] encode(ObjectNode header, byte[] payload) {
    byte[] h = PluginJson.bytes(header);
    if (h.length > MAX_HEADER) {
      throw new IllegalArgumentException(
          "envelope header of " + h.length + " bytes is over the cap of " + MAX_HEADER + " bytes");
    }
    long total = (long) PREFIX + h.length + payload.length;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("data of " + payload.length + " bytes is too large");
    }
    byte[] out = new byte[(int) total];
    System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
    out[4] = (byte) h.length;
    out[5] = (byte) (h.length >>> 8);
    out[6] = (byte) (h.length >>> 16);
    out[7] = (byte) (h.length >>> 24);
    System.arraycopy(h, 0, out, PREFIX, h.length);
    System.arraycopy(payload, 0, out, PREFIX + h.length, payload.length);
    return out;
  }

  static Parts decode(byte[] out) throws BadReply {
    if (out.length < PREFIX) {
      throw BadReply.malformed(
          "output of " + out.length + " bytes is too short for an envelope (8-byte prefix)");
    }
    if (!Arrays.equals(out, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw BadReply.malformed(
          "output should be an envelope starting with magic 00414c01, starts with "
              + HexFormat.of().formatHex(out, 0, MAGIC.length));
    }
    long h =
        (out[4] & 0xffL) | (out[5] & 0xffL) << 8 | (out[6] & 0xffL) << 16 | (out[7] & 0xffL) << 24;
    if (h > MAX_HEADER || h > out.length - PREFIX) {
      throw BadReply.malformed(
          "envelope header length "
              + h
              + " is over "
              + Math.min(MAX_HEADER, out.length - PREFIX)
              + " (the cap, or what is left of the "
              + out.length
              + "-byte output)");
    }
    int end = PREFIX + (int) h;
    ObjectNode header = PluginJson.parse(Arrays.copyOfRange(out, PREFIX, end));
    return new Parts(header, Arrays.copyOfRange(out, end, out.length));
  }
}
