package dev.airlock.artefact;

/**
 * One entry as the zip's central directory describes it, after its own fields were checked.
 *
 * @param index position in the central directory, from 0
 * @param name the entry name (strict UTF-8), directories ending in {@code /}
 * @param flags general-purpose flags
 * @param method 0 (stored) or 8 (deflate)
 * @param crc CRC-32 of the uncompressed data
 * @param compressedSize bytes of data in the archive
 * @param size bytes after inflating
 * @param localOffset where the entry's local header starts
 * @param nameLength length of the name in bytes, as stored
 */
record ZipRecord(
    int index,
    String name,
    int flags,
    int method,
    long crc,
    long compressedSize,
    long size,
    long localOffset,
    int nameLength) {

  static final int STORED = 0;
  static final int DEFLATED = 8;
  static final int DATA_DESCRIPTOR = 0x0008;

  boolean isDirectory() {
    return name.endsWith("/");
  }

  boolean hasDataDescriptor() {
    return (flags & DATA_DESCRIPTOR) != 0;
  }
}
