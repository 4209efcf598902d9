package dev.airlock.artefact;

import static dev.airlock.artefact.ZipDirectory.layout;
import static dev.airlock.artefact.ZipDirectory.u16;
import static dev.airlock.artefact.ZipDirectory.u32;

import dev.airlock.internal.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Holds every local header to its central directory entry and checks that the entries tile the
 * archive: the first starts at byte 0, each (header, data, data descriptor) ends exactly where the
 * next begins, and the last ends where the central directory starts. So no bytes hide between
 * entries, none are shared by two entries (the overlapping-entry zip bomb), and a reader that walks
 * local headers from the start (like {@link java.util.zip.ZipInputStream}) sees exactly the entries
 * the central directory lists, with the same names, methods, flags, CRCs and sizes.
 */
final class ZipLocalHeaders {
  private static final int LOCAL_SIZE = 30;

  private ZipLocalHeaders() {}

  /**
   * Checks the local headers.
   *
   * @return for each record (by {@link ZipRecord#index()}), where its data starts
   */
  static long[] check(byte[] zip, ZipDirectory directory) throws ArtefactException {
    List<ZipRecord> byOffset = new ArrayList<>(directory.records);
    byOffset.sort(Comparator.comparingLong(ZipRecord::localOffset));
    long[] dataStart = new long[byOffset.size()];
    long expected = 0;
    ZipRecord previous = null;
    for (ZipRecord r : byOffset) {
      if (r.localOffset() < expected) {
        throw layout(
            "zip entries "
                + Text.quote(previous.name())
                + " and "
                + Text.quote(r.name())
                + " overlap (a zip bomb trick or a damaged file)");
      }
      if (r.localOffset() > expected) {
        throw unaccounted(r.localOffset() - expected, previous, r);
      }
      if (r.localOffset() + LOCAL_SIZE > directory.centralOffset) {
        throw runsIntoDirectory(r);
      }
      int p = (int) r.localOffset();
      if (u32(zip, p) != ZipDirectory.LOCAL_SIG) {
        throw layout(
            "zip entry "
                + Text.quote(r.name())
                + " has no local header at byte "
                + p
                + ", where the central directory points");
      }
      long start = (long) p + LOCAL_SIZE + u16(zip, p + 26) + u16(zip, p + 28);
      if (start + r.compressedSize() > directory.centralOffset) {
        throw runsIntoDirectory(r);
      }
      compare(zip, p, r);
      dataStart[r.index()] = start;
      expected = start + r.compressedSize();
      if (r.hasDataDescriptor()) {
        expected += descriptorLength(zip, (int) expected, directory.centralOffset, r);
      }
      previous = r;
    }
    if (expected != directory.centralOffset) {
      throw unaccounted(directory.centralOffset - expected, previous, null);
    }
    return dataStart;
  }

  private static void compare(byte[] zip, int p, ZipRecord r) throws ArtefactException {
    int nameLength = u16(zip, p + 26);
    String localName = ZipDirectory.name(zip, p + LOCAL_SIZE, nameLength, r.index());
    String entry = "zip entry " + Text.quote(r.name());
    if (!localName.equals(r.name())) {
      throw layout(
          entry
              + ": its local header names it "
              + Text.quote(localName)
              + "; the local header and the central directory must agree");
    }
    if (ZipDirectory.hasZip64Extra(zip, p + LOCAL_SIZE + nameLength, u16(zip, p + 28), r.name())) {
      throw ZipDirectory.zip64(r.name());
    }
    disagree(entry, "flags", u16(zip, p + 6), r.flags(), false);
    disagree(entry, "compression method", u16(zip, p + 8), r.method(), false);
    // With a data descriptor, streaming writers leave these zero in the local header.
    boolean zeroOk = r.hasDataDescriptor();
    disagree(entry, "CRC", u32(zip, p + 14), r.crc(), zeroOk);
    disagree(entry, "compressed size", u32(zip, p + 18), r.compressedSize(), zeroOk);
    disagree(entry, "size", u32(zip, p + 22), r.size(), zeroOk);
  }

  private static void disagree(String entry, String field, long local, long central, boolean zeroOk)
      throws ArtefactException {
    if (local != central && !(zeroOk && local == 0)) {
      String fmt = field.equals("CRC") || field.equals("flags") ? "0x%x" : "%d";
      throw layout(
          String.format(
              Locale.ROOT,
              "%s: its local header says %s " + fmt + ", the central directory " + fmt,
              entry,
              field,
              local,
              central));
    }
  }

  /** A descriptor is CRC and sizes after the data, optionally preceded by {@code PK\7\8}. */
  private static int descriptorLength(byte[] zip, int p, int limit, ZipRecord r)
      throws ArtefactException {
    if (p + 16 <= limit && u32(zip, p) == ZipDirectory.DESCRIPTOR_SIG && matches(zip, p + 4, r)) {
      return 16;
    }
    if (p + 12 <= limit && matches(zip, p, r)) {
      return 12;
    }
    throw layout(
        "zip entry "
            + Text.quote(r.name())
            + ": its data descriptor is missing or does not match the central directory");
  }

  private static boolean matches(byte[] zip, int p, ZipRecord r) {
    return u32(zip, p) == r.crc()
        && u32(zip, p + 4) == r.compressedSize()
        && u32(zip, p + 8) == r.size();
  }

  private static ArtefactException unaccounted(long bytes, ZipRecord before, ZipRecord after) {
    if (before == null && after != null) {
      return layout(
          "zip has "
              + bytes
              + " bytes before its first entry "
              + Text.quote(after.name())
              + " (a prepended stub or hidden data)");
    }
    if (before == null) {
      return layout(
          "zip has " + bytes + " bytes before its central directory that belong to no entry");
    }
    return layout(
        "zip has "
            + bytes
            + " bytes after entry "
            + Text.quote(before.name())
            + (after == null
                ? ", before the central directory,"
                : " and before entry " + Text.quote(after.name()) + ",")
            + " that belong to no entry (hidden data)");
  }

  private static ArtefactException runsIntoDirectory(ZipRecord r) {
    return layout(
        "zip entry "
            + Text.quote(r.name())
            + " runs into the central directory (the local header or data is longer than the"
            + " space the directory leaves for it)");
  }
}
