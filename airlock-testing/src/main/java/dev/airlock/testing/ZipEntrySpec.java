package dev.airlock.testing;

/** One entry of a {@link ZipBuilder} archive. Mutable; set fields with the fluent methods. */
public final class ZipEntrySpec {
  final String name;
  final byte[] content;
  int method = ZipBuilder.DEFLATED;
  int flags;
  int versionMadeBy = (3 << 8) | 20; // unix, zip 2.0
  long externalAttributes = 0100644L << 16;
  byte[] raw;
  Long crc;
  Long size;
  Long compressedSize;
  Long localSize;
  Long localCompressedSize;
  Long localCrc;
  String localName;
  byte[] rawName;
  Integer localMethod;
  Integer localFlags;
  byte[] localExtra = new byte[0];
  byte[] centralExtra = new byte[0];
  int descriptor; // 0 none, 1 with signature, 2 without
  byte[] descriptorOverride;
  boolean inCentral = true;
  Long localOffset;

  ZipEntrySpec(String name, byte[] content) {
    this.name = name;
    this.content = content;
  }

  /** Stores the content uncompressed (method 0). */
  public ZipEntrySpec stored() {
    this.method = ZipBuilder.STORED;
    return this;
  }

  /** Writes this compression method in both headers (the data stays as it would be). */
  public ZipEntrySpec method(int m) {
    this.method = m;
    return this;
  }

  /** Sets the general-purpose flags in both headers (bit 0 encrypted, bit 3 descriptor, …). */
  public ZipEntrySpec flags(int f) {
    this.flags = f;
    return this;
  }

  /** Sets the "version made by" field; the high byte is the host (0 MS-DOS, 3 unix). */
  public ZipEntrySpec versionMadeBy(int v) {
    this.versionMadeBy = v;
    return this;
  }

  /** Sets the unix mode (type and permission bits) in the external attributes. */
  public ZipEntrySpec unixMode(int mode) {
    this.externalAttributes = ((long) mode) << 16;
    return this;
  }

  /** Sets the external attributes field verbatim. */
  public ZipEntrySpec externalAttributes(long attributes) {
    this.externalAttributes = attributes;
    return this;
  }

  /** Writes these bytes as the entry's data instead of compressing the content. */
  public ZipEntrySpec rawData(byte[] data) {
    this.raw = data.clone();
    return this;
  }

  /** Writes this CRC in both headers instead of the content's. */
  public ZipEntrySpec crc(long value) {
    this.crc = value;
    return this;
  }

  /** Declares this uncompressed size in both headers instead of the content's length. */
  public ZipEntrySpec declaredSize(long value) {
    this.size = value;
    return this;
  }

  /** Declares this compressed size in both headers instead of the data's length. */
  public ZipEntrySpec declaredCompressedSize(long value) {
    this.compressedSize = value;
    return this;
  }

  /** Declares this uncompressed size in the local header only. */
  public ZipEntrySpec localSize(long value) {
    this.localSize = value;
    return this;
  }

  /** Declares this compressed size in the local header only. */
  public ZipEntrySpec localCompressedSize(long value) {
    this.localCompressedSize = value;
    return this;
  }

  /** Writes this CRC in the local header only. */
  public ZipEntrySpec localCrc(long value) {
    this.localCrc = value;
    return this;
  }

  /** Writes these bytes as the name in both headers (for names that are not valid UTF-8). */
  public ZipEntrySpec rawName(byte[] bytes) {
    this.rawName = bytes.clone();
    return this;
  }

  /** Writes this name in the local header only. */
  public ZipEntrySpec localName(String n) {
    this.localName = n;
    return this;
  }

  /** Writes this method in the local header only. */
  public ZipEntrySpec localMethod(int m) {
    this.localMethod = m;
    return this;
  }

  /** Writes these flags in the local header only. */
  public ZipEntrySpec localFlags(int f) {
    this.localFlags = f;
    return this;
  }

  /** Extra field bytes for the local header. */
  public ZipEntrySpec localExtra(byte[] extra) {
    this.localExtra = extra.clone();
    return this;
  }

  /** Extra field bytes for the central directory header. */
  public ZipEntrySpec centralExtra(byte[] extra) {
    this.centralExtra = extra.clone();
    return this;
  }

  /**
   * Sets flag bit 3 and writes a data descriptor after the data; the local header's CRC and sizes
   * become zero, as streaming writers leave them.
   *
   * @param withSignature whether the descriptor starts with {@code PK\7\8}
   */
  public ZipEntrySpec dataDescriptor(boolean withSignature) {
    this.flags |= 8;
    this.descriptor = withSignature ? 1 : 2;
    return this;
  }

  /** Writes these bytes as the data descriptor instead of the true one. */
  public ZipEntrySpec descriptorBytes(byte[] bytes) {
    this.descriptorOverride = bytes.clone();
    return this;
  }

  /** Leaves the entry out of the central directory: its local header and data stay. */
  public ZipEntrySpec hiddenFromCentral() {
    this.inCentral = false;
    return this;
  }

  /** Writes this local header offset in the central directory instead of the true one. */
  public ZipEntrySpec localOffset(long offset) {
    this.localOffset = offset;
    return this;
  }
}
