package dev.airlock.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Builds zip archives byte by byte, including ones no well-behaved tool would write: any name,
 * method, flag, size or CRC field, local headers that disagree with the central directory, entries
 * missing from the directory, data descriptors, unix modes, data before or after the archive.
 * Independent of Airlock's reader and of {@code java.util.zip}'s archive classes (it uses only the
 * JDK's {@link Deflater} and {@link CRC32}), so tests do not check the reader against itself.
 *
 * <p>By default every entry is a deflated regular file with unix mode 0644, written the way
 * Info-ZIP writes it: same fields in the local header and the central directory, no data
 * descriptor. Not thread-safe.
 */
public final class ZipBuilder {
  /** Compression method 0. */
  public static final int STORED = 0;

  /** Compression method 8. */
  public static final int DEFLATED = 8;

  private static final int DOS_TIME = 0x6000; // 12:00:00
  private static final int DOS_DATE = (46 << 9) | (1 << 5) | 1; // 2026-01-01

  private final List<ZipEntrySpec> entries = new ArrayList<>();
  private byte[] prefix = new byte[0];
  private boolean shiftOffsets;
  private byte[] trailing = new byte[0];
  private byte[] comment = new byte[0];
  private Integer entryCount;
  private boolean zip64Locator;
  private boolean truncateEndRecord;

  /** Adds a deflated regular-file entry and returns it for further changes. */
  public ZipEntrySpec add(String name, byte[] content) {
    ZipEntrySpec e = new ZipEntrySpec(name, content.clone());
    entries.add(e);
    return e;
  }

  /** Adds a deflated regular-file entry with UTF-8 text content. */
  public ZipEntrySpec add(String name, String content) {
    return add(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a directory entry: a name ending in {@code /}, no data, unix mode 040755. */
  public ZipEntrySpec addDirectory(String name) {
    return add(name, new byte[0]).stored().externalAttributes(040755L << 16 | 0x10);
  }

  /**
   * Bytes written before the archive, as a self-extracting stub would be.
   *
   * @param bytes the stub
   * @param shift whether offsets in the central directory count the stub (as {@code zip -A} leaves
   *     them) or not (plain concatenation)
   */
  public ZipBuilder prefix(byte[] bytes, boolean shift) {
    this.prefix = bytes.clone();
    this.shiftOffsets = shift;
    return this;
  }

  /** Bytes appended after the end of central directory record. */
  public ZipBuilder trailing(byte[] bytes) {
    this.trailing = bytes.clone();
    return this;
  }

  /** The archive comment, stored in the end record. */
  public ZipBuilder comment(String text) {
    this.comment = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  /** Writes this entry count in the end record instead of the true one. */
  public ZipBuilder entryCount(int count) {
    this.entryCount = count;
    return this;
  }

  /** Writes a ZIP64 end-of-central-directory locator before the end record. */
  public ZipBuilder zip64Locator() {
    this.zip64Locator = true;
    return this;
  }

  /** Drops the last byte of the end record, as a truncated download would. */
  public ZipBuilder truncateEndRecord() {
    this.truncateEndRecord = true;
    return this;
  }

  /** The archive bytes. */
  public byte[] build() {
    Out out = new Out();
    out.bytes(prefix);
    int base = shiftOffsets ? 0 : prefix.length;
    long[] offsets = new long[entries.size()];
    byte[][] data = new byte[entries.size()][];
    for (int i = 0; i < entries.size(); i++) {
      ZipEntrySpec e = entries.get(i);
      offsets[i] = out.size() - base;
      data[i] = e.raw != null ? e.raw : e.method == DEFLATED ? deflate(e.content) : e.content;
      writeLocal(out, e, data[i]);
    }
    long centralStart = out.size() - base;
    int count = 0;
    for (int i = 0; i < entries.size(); i++) {
      ZipEntrySpec e = entries.get(i);
      if (e.inCentral) {
        writeCentral(out, e, data[i], e.localOffset != null ? e.localOffset : offsets[i]);
        count++;
      }
    }
    long centralSize = out.size() - base - centralStart;
    if (zip64Locator) {
      // signature, disk of the ZIP64 end record, its 8-byte offset, number of disks: 20 bytes
      out.u32(0x07064b50).u32(0).u32(0).u32(0).u32(1);
    }
    int n = entryCount != null ? entryCount : count;
    out.u32(0x06054b50).u16(0).u16(0).u16(n).u16(n);
    out.u32(centralSize).u32(centralStart).u16(comment.length).bytes(comment);
    if (truncateEndRecord) {
      out.trim(1);
    }
    out.bytes(trailing);
    return out.toByteArray();
  }

  private static void writeLocal(Out out, ZipEntrySpec e, byte[] data) {
    boolean dd = e.descriptor != 0;
    byte[] name =
        e.localName != null
            ? e.localName.getBytes(StandardCharsets.UTF_8)
            : e.rawName != null ? e.rawName : e.name.getBytes(StandardCharsets.UTF_8);
    out.u32(0x04034b50).u16(20);
    out.u16(e.localFlags != null ? e.localFlags : e.flags);
    out.u16(e.localMethod != null ? e.localMethod : e.method).u16(DOS_TIME).u16(DOS_DATE);
    out.u32(e.localCrc != null ? e.localCrc : dd ? 0 : crcOf(e));
    out.u32(e.localCompressedSize != null ? e.localCompressedSize : dd ? 0 : csizeOf(e, data));
    out.u32(e.localSize != null ? e.localSize : dd ? 0 : sizeOf(e));
    out.u16(name.length).u16(e.localExtra.length).bytes(name).bytes(e.localExtra).bytes(data);
    if (e.descriptorOverride != null) {
      out.bytes(e.descriptorOverride);
    } else if (dd) {
      if (e.descriptor == 1) {
        out.u32(0x08074b50);
      }
      out.u32(crcOf(e)).u32(csizeOf(e, data)).u32(sizeOf(e));
    }
  }

  private static void writeCentral(Out out, ZipEntrySpec e, byte[] data, long offset) {
    byte[] name = e.rawName != null ? e.rawName : e.name.getBytes(StandardCharsets.UTF_8);
    out.u32(0x02014b50).u16(e.versionMadeBy).u16(20).u16(e.flags).u16(e.method);
    out.u16(DOS_TIME).u16(DOS_DATE).u32(crcOf(e)).u32(csizeOf(e, data)).u32(sizeOf(e));
    out.u16(name.length).u16(e.centralExtra.length).u16(0).u16(0).u16(0);
    out.u32(e.externalAttributes).u32(offset).bytes(name).bytes(e.centralExtra);
  }

  private static long crcOf(ZipEntrySpec e) {
    if (e.crc != null) {
      return e.crc;
    }
    CRC32 crc = new CRC32();
    crc.update(e.content);
    return crc.getValue();
  }

  private static long sizeOf(ZipEntrySpec e) {
    return e.size != null ? e.size : e.content.length;
  }

  private static long csizeOf(ZipEntrySpec e, byte[] data) {
    return e.compressedSize != null ? e.compressedSize : data.length;
  }

  /** Raw deflate (no zlib header), as zip entries hold it, at the best compression. */
  public static byte[] deflate(byte[] content) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      deflater.setInput(content);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[64 * 1024];
      while (!deflater.finished()) {
        out.write(buf, 0, deflater.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  /** A little-endian byte writer. */
  private static final class Out extends ByteArrayOutputStream {
    Out u16(int v) {
      write(v & 0xff);
      write((v >>> 8) & 0xff);
      return this;
    }

    Out u32(long v) {
      for (int i = 0; i < 4; i++) {
        write((int) (v >>> (8 * i)) & 0xff);
      }
      return this;
    }

    Out bytes(byte[] b) {
      writeBytes(b);
      return this;
    }

    void trim(int n) {
      count -= n;
    }
  }
}
