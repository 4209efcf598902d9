package dev.airlock.artefact;

import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.internal.Text;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a zip's end record and central directory from memory and checks every field it can without
 * looking at the entries' data: no ZIP64, one disk, the directory exactly where the end record says
 * and ending exactly where the end record starts, no bytes after the end record, and per entry the
 * name, flags, method, sizes and file type. The central directory is the truth this reader goes by;
 * {@link ZipLocalHeaders} then holds every local header to it.
 */
final class ZipDirectory {
  static final long LOCAL_SIG = 0x04034b50L;
  static final long CENTRAL_SIG = 0x02014b50L;
  static final long END_SIG = 0x06054b50L;
  static final long ZIP64_LOCATOR_SIG = 0x07064b50L;
  static final long DESCRIPTOR_SIG = 0x08074b50L;

  private static final int END_SIZE = 22;
  private static final int CENTRAL_SIZE = 46;
  private static final int MAX_COMMENT = 0xffff;
  private static final int ENCRYPTED = 0x0001;
  private static final int STRONG_ENCRYPTION = 0x0040;
  private static final int MASKED_HEADERS = 0x2000;
  private static final int SUPPORTED_FLAGS = 0x0002 | 0x0004 | ZipRecord.DATA_DESCRIPTOR | 0x0800;

  /** Offset of the central directory. */
  final int centralOffset;

  /** The entries, in central directory order. */
  final List<ZipRecord> records;

  private ZipDirectory(int centralOffset, List<ZipRecord> records) {
    this.centralOffset = centralOffset;
    this.records = records;
  }

  static ZipDirectory read(byte[] zip, int maxEntries) throws ArtefactException {
    int end = findEnd(zip);
    int entries = checkEndRecord(zip, end, maxEntries);
    long offset = u32(zip, end + 16);
    List<ZipRecord> records = new ArrayList<>(entries);
    int p = (int) offset;
    for (int i = 0; i < entries; i++) {
      if (p + CENTRAL_SIZE > end || u32(zip, p) != CENTRAL_SIG) {
        throw countMismatch(i, entries);
      }
      int next = p + CENTRAL_SIZE + u16(zip, p + 28) + u16(zip, p + 30) + u16(zip, p + 32);
      if (next > end) {
        throw countMismatch(i, entries);
      }
      records.add(entry(zip, p, i));
      p = next;
    }
    if (p != end) {
      throw layout(
          "zip central directory has "
              + (end - p)
              + " bytes beyond the entries its end record counts ("
              + entries
              + "); the directory and its end record disagree");
    }
    return new ZipDirectory((int) offset, List.copyOf(records));
  }

  /** Checks the end record's fields; returns the entry count. */
  private static int checkEndRecord(byte[] zip, int end, int maxEntries) throws ArtefactException {
    if (end >= 20 && u32(zip, end - 20) == ZIP64_LOCATOR_SIG
        || u16(zip, end + 8) == 0xffff
        || u32(zip, end + 12) == 0xffffffffL
        || u32(zip, end + 16) == 0xffffffffL) {
      throw layout("zip uses ZIP64 records; plugin zips are far below 4 GiB and never need them");
    }
    int entries = u16(zip, end + 10);
    if (u16(zip, end + 4) != 0 || u16(zip, end + 6) != 0 || u16(zip, end + 8) != entries) {
      throw layout("zip spans several disks; only single-file zips are read");
    }
    if (entries > maxEntries) {
      throw new ArtefactException(
          Reason.TOO_LARGE,
          "zip has " + entries + " entries, over the limit of " + maxEntries,
          String.valueOf(maxEntries),
          String.valueOf(entries),
          null);
    }
    long size = u32(zip, end + 12);
    long offset = u32(zip, end + 16);
    if (offset + size != end) {
      throw layout(
          "zip central directory ends at byte "
              + (offset + size)
              + " but its end record is at byte "
              + end
              + ": the file has data before the zip (such as a self-extracting stub) or is"
              + " damaged");
    }
    return entries;
  }

  private static int findEnd(byte[] zip) throws ArtefactException {
    int stop = Math.max(0, zip.length - END_SIZE - MAX_COMMENT);
    int nearest = -1;
    for (int i = zip.length - END_SIZE; i >= stop; i--) {
      if (u32(zip, i) == END_SIG) {
        if (i + END_SIZE + u16(zip, i + 20) == zip.length) {
          return i;
        }
        nearest = nearest < 0 ? i : nearest;
      }
    }
    if (nearest >= 0 && nearest + END_SIZE + u16(zip, nearest + 20) < zip.length) {
      long extra = zip.length - (nearest + END_SIZE + (long) u16(zip, nearest + 20));
      throw layout(
          "zip has " + extra + " bytes of trailing data after its end of central directory record");
    }
    throw layout("zip has no end of central directory record: the file is truncated or not a zip");
  }

  private static ZipRecord entry(byte[] zip, int p, int index) throws ArtefactException {
    int nameLength = u16(zip, p + 28);
    String name = name(zip, p + CENTRAL_SIZE, nameLength, index);
    int flags = u16(zip, p + 8);
    int method = u16(zip, p + 10);
    long compressed = u32(zip, p + 20);
    long size = u32(zip, p + 24);
    long localOffset = u32(zip, p + 42);
    int extraLength = u16(zip, p + 30);
    if (compressed == 0xffffffffL
        || size == 0xffffffffL
        || localOffset == 0xffffffffL
        || hasZip64Extra(zip, p + CENTRAL_SIZE + nameLength, extraLength, name)) {
      throw zip64(name);
    }
    if (u16(zip, p + 34) != 0) {
      throw layout("zip spans several disks; only single-file zips are read");
    }
    checkFlagsAndMethod(name, flags, method, compressed, size);
    ZipEntryRules.checkName(name);
    ZipEntryRules.checkKind(name, u16(zip, p + 4) >>> 8, u32(zip, p + 38), size);
    return new ZipRecord(
        index, name, flags, method, u32(zip, p + 16), compressed, size, localOffset, nameLength);
  }

  private static void checkFlagsAndMethod(
      String name, int flags, int method, long compressed, long size) throws ArtefactException {
    if ((flags & (ENCRYPTED | STRONG_ENCRYPTION | MASKED_HEADERS)) != 0) {
      throw layout("zip entry " + Text.quote(name) + " is encrypted; plugin zips must not be");
    }
    if ((flags & ~SUPPORTED_FLAGS) != 0) {
      throw layout(
          String.format(
              Locale.ROOT,
              "zip entry %s sets general-purpose flags 0x%04x, which this reader does not"
                  + " support",
              Text.quote(name),
              flags & ~SUPPORTED_FLAGS));
    }
    if (method != ZipRecord.STORED && method != ZipRecord.DEFLATED) {
      throw layout(
          "zip entry "
              + Text.quote(name)
              + " uses compression method "
              + method
              + "; only stored (0) and deflate (8) are read");
    }
    if (method == ZipRecord.STORED && compressed != size) {
      throw layout(
          "zip entry "
              + Text.quote(name)
              + " is stored but declares "
              + compressed
              + " compressed and "
              + size
              + " uncompressed bytes");
    }
  }

  static String name(byte[] zip, int offset, int length, int index) throws ArtefactException {
    if (length == 0) {
      throw layout("zip has an entry with an empty name");
    }
    String name;
    try {
      name =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(zip, offset, length))
              .toString();
    } catch (CharacterCodingException e) {
      throw layout("zip entry #" + (index + 1) + " has a name that is not valid UTF-8");
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < 0x20 || name.charAt(i) == 0x7f) {
        throw layout("zip entry " + Text.quote(name) + " has a control character in its name");
      }
    }
    return name;
  }

  static boolean hasZip64Extra(byte[] zip, int offset, int length, String name)
      throws ArtefactException {
    int p = offset;
    int end = offset + length;
    while (p < end) {
      if (p + 4 > end || p + 4 + u16(zip, p + 2) > end) {
        throw layout("zip entry " + Text.quote(name) + " has a malformed extra field");
      }
      if (u16(zip, p) == 0x0001) {
        return true;
      }
      p += 4 + u16(zip, p + 2);
    }
    return false;
  }

  static ArtefactException zip64(String name) {
    return layout(
        "zip entry "
            + Text.quote(name)
            + " uses ZIP64 fields; plugin zips are far below 4 GiB and never need them");
  }

  private static ArtefactException countMismatch(int found, int declared) {
    return layout(
        "zip central directory is damaged: its end record declares "
            + declared
            + " entries but entry "
            + (found + 1)
            + " is missing or runs past the directory");
  }

  static int u16(byte[] b, int offset) {
    return (b[offset] & 0xff) | (b[offset + 1] & 0xff) << 8;
  }

  static long u32(byte[] b, int offset) {
    return (u16(b, offset) | (long) u16(b, offset + 2) << 16) & 0xffffffffL;
  }

  static ArtefactException layout(String message) {
    return new ArtefactException(Reason.LAYOUT, message);
  }
}
