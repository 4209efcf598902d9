package dev.airlock.artefact;

import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.internal.Text;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules a zip entry must follow whatever the package holds: a relative path that stays inside
 * the archive, a regular file or directory (never a link or device), and a name no other entry
 * shares, exactly or on a case-insensitive file system.
 */
final class ZipEntryRules {
  private static final int TYPE_MASK = 0170000;
  private static final int REGULAR = 0100000;
  private static final int DIRECTORY = 0040000;
  private static final int DOS_DIRECTORY = 0x10;

  private ZipEntryRules() {}

  static void checkName(String name) throws ArtefactException {
    if (name.startsWith("/") || name.startsWith("\\") || name.matches("[A-Za-z]:.*")) {
      throw layout("zip entry " + Text.quote(name) + " is an absolute path");
    }
    for (String segment : name.split("[/\\\\]")) {
      if (segment.equals("..")) {
        throw layout("zip entry " + Text.quote(name) + " escapes the archive root ('..')");
      }
    }
    if (name.indexOf('\\') >= 0) {
      throw layout(
          "zip entry " + Text.quote(name) + " uses a backslash; zip entry names separate with '/'");
    }
    String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".")) {
        throw layout("zip entry " + Text.quote(name) + " has an empty or '.' path segment");
      }
    }
  }

  /**
   * Checks the entry's file type. Unix writers keep {@code st_mode} in the high 16 bits of the
   * external attributes; whatever the "made by" host says, a type there other than a regular file
   * or directory is refused, since an extracting tool would create it. The MS-DOS directory bit
   * must agree with the name.
   */
  static void checkKind(String name, int host, long external, long size) throws ArtefactException {
    boolean dirName = name.endsWith("/");
    int type = (int) (external >>> 16) & TYPE_MASK;
    String what =
        switch (type) {
          case 0, REGULAR, DIRECTORY -> null;
          case 0120000 -> "is a symbolic link";
          case 0020000 -> "is a character device";
          case 0060000 -> "is a block device";
          case 0010000 -> "is a FIFO";
          case 0140000 -> "is a socket";
          default -> String.format(Locale.ROOT, "has unknown unix file type 0%o", type);
        };
    if (what != null) {
      throw layout(
          "zip entry "
              + Text.quote(name)
              + " "
              + what
              + " (external attributes, made on host "
              + host
              + "); plugin zips hold only regular files and directories");
    }
    boolean dirMarked = type == DIRECTORY || (external & DOS_DIRECTORY) != 0;
    if (dirMarked && !dirName) {
      throw layout(
          "zip entry "
              + Text.quote(name)
              + " is marked as a directory but its name does not end in '/'");
    }
    if (type == REGULAR && dirName) {
      throw layout(
          "zip entry " + Text.quote(name) + " ends in '/' but is marked as a regular file");
    }
    if (dirName && size != 0) {
      throw layout(
          "zip entry "
              + Text.quote(name)
              + " is a directory but declares "
              + size
              + " bytes of content");
    }
  }

  /** Refuses a name twice, and two names one path on a case-insensitive file system. */
  static void checkUnique(List<ZipRecord> records) throws ArtefactException {
    Set<String> names = new HashSet<>();
    Map<String, String> folded = new HashMap<>();
    for (ZipRecord r : records) {
      if (!names.add(r.name())) {
        throw layout("zip has entry " + Text.quote(r.name()) + " twice");
      }
      String path = r.isDirectory() ? r.name().substring(0, r.name().length() - 1) : r.name();
      String other = folded.putIfAbsent(path.toLowerCase(Locale.ROOT), r.name());
      if (other != null) {
        throw layout(
            "zip entries "
                + Text.quote(other)
                + " and "
                + Text.quote(r.name())
                + " name the same path on a case-insensitive file system; entry names must"
                + " differ in more than case or a trailing '/'");
      }
    }
  }

  private static ArtefactException layout(String message) {
    return new ArtefactException(Reason.LAYOUT, message);
  }
}
