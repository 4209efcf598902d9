package dev.airlock.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds tar archives byte by byte, including ones no well-behaved tool would write: any entry
 * type, name, size field or magic, bad checksums, missing end markers, trailing data. Independent
 * of Airlock's own tar writer, so tests do not check the code against itself.
 */
public final class TarBuilder {
  /** One entry. Mutable; set fields with the fluent methods. */
  public static final class Entry {
    private final String name;
    private final byte[] content;
    private char type = '0';
    private String magic = "ustar\0";
    private String version = "00";
    private String prefix = "";
    private String linkName = "";
    private String sizeField;
    private boolean badChecksum;

    private Entry(String name, byte[] content) {
      this.name = name;
      this.content = content;
    }

    /** Sets the type flag ('0' file, '1' hard link, '2' symlink, '5' dir, 'x' PAX, …). */
    public Entry type(char t) {
      this.type = t;
      return this;
    }

    /** Writes a GNU header ("ustar \0") instead of POSIX ustar. */
    public Entry gnu() {
      this.magic = "ustar ";
      this.version = " \0";
      return this;
    }

    /** Writes an old (v7) header with no magic at all. */
    public Entry v7() {
      this.magic = "";
      this.version = "";
      return this;
    }

    /** Sets the ustar prefix field. */
    public Entry prefix(String p) {
      this.prefix = p;
      return this;
    }

    /** Sets the link target. */
    public Entry linkName(String l) {
      this.linkName = l;
      return this;
    }

    /** Writes this text in the 12-byte size field instead of the real size. */
    public Entry sizeField(String raw) {
      this.sizeField = raw;
      return this;
    }

    /** Stores a wrong header checksum. */
    public Entry badChecksum() {
      this.badChecksum = true;
      return this;
    }
  }

  private final List<Entry> entries = new ArrayList<>();
  private int endBlocks = 2;
  private byte[] trailing = new byte[0];

  /** Adds a regular-file entry and returns it for further changes. */
  public Entry add(String name, byte[] content) {
    Entry e = new Entry(name, content);
    entries.add(e);
    return e;
  }

  /** Adds a regular-file entry with UTF-8 text content. */
  public Entry add(String name, String content) {
    return add(name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Number of zero blocks written as the end marker (default 2). */
  public TarBuilder endBlocks(int n) {
    this.endBlocks = n;
    return this;
  }

  /** Bytes appended after the end marker. */
  public TarBuilder trailing(byte[] bytes) {
    this.trailing = bytes.clone();
    return this;
  }

  /** The archive bytes. */
  public byte[] build() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Entry e : entries) {
      out.writeBytes(header(e));
      out.writeBytes(e.content);
      out.writeBytes(new byte[(512 - e.content.length % 512) % 512]);
    }
    out.writeBytes(new byte[512 * endBlocks]);
    out.writeBytes(trailing);
    return out.toByteArray();
  }

  private static byte[] header(Entry e) {
    byte[] h = new byte[512];
    put(h, 0, 100, e.name);
    put(h, 100, 8, "0000644\0");
    put(h, 108, 8, "0000000\0");
    put(h, 116, 8, "0000000\0");
    put(h, 124, 12, e.sizeField != null ? e.sizeField : String.format("%011o\0", e.content.length));
    put(h, 136, 12, "00000000000\0");
    Arrays.fill(h, 148, 156, (byte) ' ');
    h[156] = (byte) e.type;
    put(h, 157, 100, e.linkName);
    put(h, 257, 6, e.magic);
    put(h, 263, 2, e.version);
    put(h, 345, 155, e.prefix);
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    if (e.badChecksum) {
      sum += 1;
    }
    put(h, 148, 8, String.format("%06o\0 ", sum));
    return h;
  }

  private static void put(byte[] h, int offset, int max, String value) {
    byte[] b = value.getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(b, 0, h, offset, Math.min(max, b.length));
  }
}
