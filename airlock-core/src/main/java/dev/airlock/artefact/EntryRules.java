package dev.airlock.artefact;

import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.artefact.TarReader.Header;
import dev.airlock.internal.Text;
import java.util.Locale;

/** The rules a tar entry must follow to be part of an artefact: its type and its name. */
final class EntryRules {
  private EntryRules() {}

  static void checkType(Header h) throws ArtefactException {
    String what =
        switch (h.type()) {
          case '0', '\0' -> null;
          case '1' -> "is a hard link";
          case '2' -> "is a symbolic link";
          case '3' -> "is a character device";
          case '4' -> "is a block device";
          case '5' -> "is a directory";
          case '6' -> "is a FIFO";
          case '7' -> "is a contiguous file";
          case 'x', 'g' -> "uses a PAX extended header";
          case 'L', 'K' -> "uses a GNU long-name header";
          default ->
              String.format(
                  Locale.ROOT, "has unsupported tar type %s", Text.quote(String.valueOf(h.type())));
        };
    if (what != null) {
      throw layout(
          "artefact entry "
              + Text.quote(h.name())
              + " "
              + what
              + "; artefacts hold only regular files with plain ustar headers");
    }
  }

  static int entryIndex(String name) throws ArtefactException {
    int index = ArtefactLayout.ENTRIES.indexOf(name);
    if (index >= 0) {
      return index;
    }
    if (name.startsWith("/")) {
      throw layout("artefact entry " + Text.quote(name) + " is an absolute path");
    }
    for (String segment : name.split("[/\\\\]")) {
      if (segment.equals("..")) {
        throw layout("artefact entry " + Text.quote(name) + " escapes the archive root ('..')");
      }
    }
    for (String allowed : ArtefactLayout.ENTRIES) {
      if (allowed.equalsIgnoreCase(name)) {
        throw layout(
            "artefact entry "
                + Text.quote(name)
                + " differs from '"
                + allowed
                + "' only in case; entry names are exact");
      }
    }
    throw layout(
        "artefact has unexpected entry "
            + Text.quote(name)
            + " (allowed: "
            + String.join(", ", ArtefactLayout.ENTRIES)
            + ")");
  }

  private static ArtefactException layout(String message) {
    return new ArtefactException(Reason.LAYOUT, message);
  }
}
