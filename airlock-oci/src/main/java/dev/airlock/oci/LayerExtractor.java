package dev.airlock.oci;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Takes the wasm module out of a downloaded layer: the layer itself, or one file of a tar (or
 * tar+gzip) layer. Sizes are capped; nothing is written by entry name, so paths in the archive
 * cannot reach the file system.
 */
final class LayerExtractor {
  static final int MAX_ENTRIES = 10_000;

  private LayerExtractor() {}

  static byte[] wasm(
      Path layer, PluginLayout.Extraction how, String target, int maxBytes, String where)
      throws OciException {
    try {
      return switch (how) {
        case RAW -> {
          if (Files.size(layer) > maxBytes) {
            throw tooBig(where, Files.size(layer), maxBytes);
          }
          yield Files.readAllBytes(layer);
        }
        case TAR -> {
          try (InputStream in = new BufferedInputStream(Files.newInputStream(layer))) {
            yield fromTar(in, target, maxBytes, where);
          }
        }
        case TAR_GZIP -> {
          try (InputStream in =
              new GZIPInputStream(new BufferedInputStream(Files.newInputStream(layer)), 1 << 16)) {
            yield fromTar(in, target, maxBytes, where);
          }
        }
      };
    } catch (IOException e) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          where
              + ": could not read the layer as "
              + how.name().toLowerCase(java.util.Locale.ROOT)
              + ": "
              + e.getMessage(),
          null,
          null,
          e);
    }
  }

  private static byte[] fromTar(InputStream in, String target, int maxBytes, String where)
      throws IOException, OciException {
    byte[] header = new byte[512];
    for (int entries = 0; entries < MAX_ENTRIES; entries++) {
      if (in.readNBytes(header, 0, 512) < 512 || allZero(header)) {
        break;
      }
      String name = field(header, 0, 100);
      String prefix = field(header, 345, 155);
      if (!prefix.isEmpty() && "ustar".equals(field(header, 257, 5))) {
        name = prefix + "/" + name;
      }
      long size = octal(header, 124, 12);
      char type = (char) header[156];
      long padded = (size + 511) / 512 * 512;
      String base = name.startsWith("./") ? name.substring(2) : name;
      if ((type == '0' || type == 0) && base.equals(target)) {
        if (size > maxBytes) {
          throw tooBig(where, size, maxBytes);
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
          throw new IOException("the archive ends inside " + target);
        }
        return data;
      }
      in.skipNBytes(padded);
    }
    throw new OciException(
        OciException.Kind.UNSUPPORTED,
        "Could not determine plugin type of "
            + where
            + ": its archive layer has no file named '"
            + target
            + "' (set the target file name to the module's path in the archive)");
  }

  static OciException tooBig(String where, long size, int max) {
    return new OciException(
        OciException.Kind.PROTOCOL,
        where + ": the wasm module is " + size + " bytes; at most " + max + " allowed");
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String field(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] h, int off, int len) throws IOException {
    String s = field(h, off, len).strip();
    if (s.isEmpty() || !s.matches("[0-7]+")) {
      throw new IOException("a tar header has a bad size field '" + s + "'");
    }
    return Long.parseLong(s, 8);
  }
}
