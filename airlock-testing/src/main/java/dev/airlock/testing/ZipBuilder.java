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

  /** One entry. Mutable; set fields with the fluent methods. */
  public static final class Entry {
    private final String name;
    private final byte[] content;
    private int method = DEFLATED;
    private int flags;
    private int versionMadeBy = (3 << 8) | 20; // unix, zip 2.0
    private long externalAttributes = 0100644L << 16;
    private byte[] raw;
    private Long crc;
    private Long size;
    private Long compressedSize;
    private Long localSize;
    private Long localCompressedSize;
    private Long localCrc;
    private String localName;
    private byte[] rawName;
    private Integer localMethod;
    private Integer localFlags;
    private byte[] localExtra = new byte[0];
    private byte[] centralExtra = new byte[0];
    private int descriptor; // 0 none, 1 with signature, 2 without
    private byte[] descriptorOverride;
    private boolean inCentral = true;
    private Long localOffset;

    private Entry(String name, byte[] content) {
      this.name = name;
      this.content = content;
    }

    /** Stores the content uncompressed (method 0). */
    public Entry stored() {
      this.method = STORED;
      return this;
    }

    /** Writes this compression method in both headers (the data stays as it would be). */
    public Entry method(int m) {
      this.method = m;
      return this;
    }

    /** Sets the general-purpose flags in both headers (bit 0 encrypted, bit 3 descriptor, …). */
    public Entry flags(int f) {
      this.flags = f;
      return this;
    }

    /** Sets the "version made by" field; the high byte is the host (0 MS-DOS, 3 unix). */
    public Entry versionMadeBy(int v) {
      this.versionMadeBy = v;
      return this;
    }

    /** Sets the unix mode (type and permission bits) in the external attributes. */
    public Entry unixMode(int mode) {
      this.externalAttributes = ((long) mode) << 16;
      return this;
    }

    /** Sets the external attributes field verbatim. */
    public Entry externalAttributes(long attributes) {
      this.externalAttributes = attributes;
      return this;
    }

    /** Writes these bytes as the entry's data instead of compressing the content. */
    public Entry rawData(byte[] data) {
      this.raw = data.clone();
      return this;
    }

    /** Writes this CRC in both headers instead of the content's. */
    public Entry crc(long value) {
      this.crc = value;
      return this;
    }

    /** Declares this uncompressed size in both headers instead of the content's length. */
    public Entry declaredSize(long value) {
      this.size = value;
      return this;
    }

    /** Declares this compressed size in both headers instead of the data's length. */
    public Entry declaredCompressedSize(long value) {
      this.compressedSize = value;
      return this;
    }

    /** Declares this uncompressed size in the local header only. */
    public Entry localSize(long value) {
      this.localSize = value;
      return this;
    }

    /** Declares this compressed size in the local header only. */
    public Entry localCompressedSize(long value) {
      this.localCompressedSize = value;
      return this;
    }

    /** Writes this CRC in the local header only. */
    public Entry localCrc(long value) {
      this.localCrc = value;
      return this;
    }

    /** Writes these bytes as the name in both headers (for names that are not valid UTF-8). */
    public Entry rawName(byte[] bytes) {
      this.rawName = bytes.clone();
      return this;
    }

    /** Writes this name in the local header only. */
    public Entry localName(String n) {
      this.localName = n;
      return this;
    }

    /** Writes this method in the local header only. */
    public Entry localMethod(int m) {
      this.localMethod = m;
      return this;
    }

    /** Writes these flags in the local header only. */
    public Entry localFlags(int f) {
      this.localFlags = f;
      return this;
    }

    /** Extra field bytes for the local header. */
    public Entry localExtra(byte[] extra) {
      this.localExtra = extra.clone();
      return this;
    }

    /** Extra field bytes for the central directory header. */
    public Entry centralExtra(byte[] extra) {
      this.centralExtra = extra.clone();
      return this;
    }

    /**
     * Sets flag bit 3 and writes a data descriptor after the data; the local header's CRC and sizes
     * become zero, as streaming writers leave them.
     *
     * @param withSignature whether the descriptor starts with {@code PK\7\8}
     */
    public Entry dataDescriptor(boolean withSignature) {
      this.flags |= 8;
      this.descriptor = withSignature ? 1 : 2;
      return this;
    }

    /** Writes these bytes as the data descriptor instead of the true one. */
    public Entry descriptorBytes(byte[] bytes) {
      this.descriptorOverride = bytes.clone();
      return this;
    }

    /** Leaves the entry out of the central directory: its local header and data stay. */
    public Entry hiddenFromCentral() {
      this.inCentral = false;
      return this;
    }

    /** Writes this local header offset in the central directory instead of the true one. */
    public Entry localOffset(long offset) {
      this.localOffset = offset;
      return this;
    }
  }

  private final List<Entry> entries = new ArrayList<>();
  private byte[] prefix = new byte[0];
  private boolean shiftOffsets;
  private byte[] trailing = new byte[0];
  private byte[] comment = new byte[0];
  private Integer entryCount;
  private boolean zip64Locator;
  private boolean truncateEndRecord;

  /** Adds a deflated regular-file entry and returns it for further changes. */
  public Entry add(String name, byte[] content) {
    Entry e = new Entry(name, content.clone());
    entries.add(e);
    return e;
  }

  /** Adds a deflated regular-file entry with UTF-8 text content. */
  public Entry add(String name, String content) {
    return add(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Adds a directory entry: a name ending in {@code /}, no data, unix mode 040755. */
  public Entry addDirectory(String name) {
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
      Entry e = entries.get(i);
      offsets[i] = out.size() - base;
      data[i] = e.raw != null ? e.raw : e.method == DEFLATED ? deflate(e.content) : e.content;
      writeLocal(out, e, data[i]);
    }
    long centralStart = out.size() - base;
    int count = 0;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
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

  private static void writeLocal(Out out, Entry e, byte[] data) {
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

  private static void writeCentral(Out out, Entry e, byte[] data, long offset) {
    byte[] name = e.rawName != null ? e.rawName : e.name.getBytes(StandardCharsets.UTF_8);
    out.u32(0x02014b50).u16(e.versionMadeBy).u16(20).u16(e.flags).u16(e.method);
    out.u16(DOS_TIME).u16(DOS_DATE).u32(crcOf(e)).u32(csizeOf(e, data)).u32(sizeOf(e));
    out.u16(name.length).u16(e.centralExtra.length).u16(0).u16(0).u16(0);
    out.u32(e.externalAttributes).u32(offset).bytes(name).bytes(e.centralExtra);
  }

  private static long crcOf(Entry e) {
    if (e.crc != null) {
      return e.crc;
    }
    CRC32 crc = new CRC32();
    crc.update(e.content);
    return crc.getValue();
  }

  private static long sizeOf(Entry e) {
    return e.size != null ? e.size : e.content.length;
  }

  private static long csizeOf(Entry e, byte[] data) {
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
