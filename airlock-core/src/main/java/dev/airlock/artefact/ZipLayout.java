package dev.airlock.artefact;

import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.internal.Text;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a plugin {@code .zip} may hold, in the layout Artifact Keeper's plugin zips use, and how
 * large each part may be. Every entry has a role; an entry without one is refused.
 */
final class ZipLayout {
  static final String PLUGIN_TOML = "plugin.toml";
  static final String PLUGIN_WASM = "plugin.wasm";

  /** Build-output directories searched, in this order: {@code target/<triple>/release/}. */
  static final List<String> TRIPLES = List.of("wasm32-wasip2", "wasm32-wasip1", "wasm32-wasi");

  static final int MAX_ENTRIES = 64;
  static final int MAX_TOML_BYTES = 64 * 1024;
  static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

  /** Uncompressed bytes allowed beyond the wasm cap, summed over every entry. */
  static final int EXTRA_TOTAL_BYTES = 4 * 1024 * 1024;

  /** Entries larger than {@link #RATIO_FLOOR} may expand at most this much. */
  static final int MAX_RATIO = 200;

  static final int RATIO_FLOOR = 64 * 1024;

  private static final String NAME_PART = "[A-Za-z0-9_.@+-]+";
  private static final Pattern DOCUMENT =
      Pattern.compile(
          "(?:README|LICEN[CS]E|COPYING|NOTICE|CHANGELOG|AUTHORS)(?:[-._][A-Za-z0-9]+)*");
  private static final Pattern WIT = Pattern.compile("wit/(?:" + NAME_PART + "/)*" + NAME_PART);
  private static final Pattern BUILD_DIR =
      Pattern.compile("target/(?:" + String.join("|", TRIPLES) + ")/release/");

  /** What an entry is for. */
  enum Role {
    MANIFEST,
    WASM,
    DOCUMENT,
    DIRECTORY
  }

  private ZipLayout() {}

  static Role role(String name) throws ArtefactException {
    if (name.equals(PLUGIN_TOML)) {
      return Role.MANIFEST;
    }
    if (name.endsWith("/")) {
      if (isDirectoryOfAllowed(name)) {
        return Role.DIRECTORY;
      }
    } else if (isWasmLocation(name)) {
      return Role.WASM;
    } else if (DOCUMENT.matcher(name).matches()
        || WIT.matcher(name).matches() && name.endsWith(".wit")) {
      return Role.DOCUMENT;
    }
    for (String exact : List.of(PLUGIN_TOML, PLUGIN_WASM)) {
      if (name.equalsIgnoreCase(exact)) {
        throw layout(
            "zip entry "
                + Text.quote(name)
                + " differs from '"
                + exact
                + "' only in case; entry names are exact");
      }
    }
    if (name.endsWith("/" + PLUGIN_TOML)) {
      throw layout(
          "zip entry "
              + Text.quote(name)
              + " is not at the root; plugin.toml must be at the zip's root (zip the plugin"
              + " directory's contents, not the directory)");
    }
    throw layout(
        "zip has unexpected entry "
            + Text.quote(name)
            + " (allowed: plugin.toml; *.wasm at the root or in target/<triple>/release/;"
            + " plugin.wasm in out/ or dist/; README, LICENSE, NOTICE, CHANGELOG-style documents"
            + " at the root; *.wit files under wit/; and their directories)");
  }

  private static boolean isWasmLocation(String name) {
    if (!name.endsWith(".wasm")) {
      return false;
    }
    int slash = name.lastIndexOf('/');
    String dir = name.substring(0, slash + 1);
    return dir.isEmpty()
        || BUILD_DIR.matcher(dir).matches()
        || name.equals("out/" + PLUGIN_WASM)
        || name.equals("dist/" + PLUGIN_WASM);
  }

  private static boolean isDirectoryOfAllowed(String dir) {
    if (dir.equals("out/") || dir.equals("dist/") || dir.equals("target/")) {
      return true;
    }
    for (String triple : TRIPLES) {
      if (dir.equals("target/" + triple + "/") || dir.equals("target/" + triple + "/release/")) {
        return true;
      }
    }
    return dir.equals("wit/") || WIT.matcher(dir.substring(0, dir.length() - 1)).matches();
  }

  /** Per-entry caps by role, the zip-bomb ratio, and the total of all uncompressed sizes. */
  static void checkSizes(List<ZipRecord> records, List<Role> roles, int maxWasmBytes)
      throws ArtefactException {
    long total = 0;
    for (int i = 0; i < records.size(); i++) {
      ZipRecord r = records.get(i);
      checkCap(r, roles.get(i), maxWasmBytes);
      if (r.size() > RATIO_FLOOR && r.size() > (long) MAX_RATIO * r.compressedSize()) {
        throw tooLarge(
            String.format(
                Locale.ROOT,
                "zip entry %s expands %d compressed bytes to %d (more than %d:1); this looks"
                    + " like a zip bomb",
                Text.quote(r.name()),
                r.compressedSize(),
                r.size(),
                MAX_RATIO),
            (long) MAX_RATIO * r.compressedSize(),
            r.size());
      }
      total += r.size();
    }
    long maxTotal = (long) maxWasmBytes + EXTRA_TOTAL_BYTES;
    if (total > maxTotal) {
      throw tooLarge(
          "zip entries add up to "
              + total
              + " bytes uncompressed, over the limit of "
              + maxTotal
              + " bytes",
          maxTotal,
          total);
    }
  }

  private static void checkCap(ZipRecord r, Role role, int maxWasmBytes) throws ArtefactException {
    long limit =
        switch (role) {
          case MANIFEST -> MAX_TOML_BYTES;
          case WASM -> maxWasmBytes;
          case DOCUMENT -> MAX_DOCUMENT_BYTES;
          case DIRECTORY -> 0; // ZipEntryRules already refused a directory with content
        };
    if (r.size() <= limit) {
      return;
    }
    String over =
        switch (role) {
          case WASM ->
              "over the limit of " + limit + " bytes (raise the wasm size limit to accept it)";
          case DOCUMENT -> "over the " + limit + "-byte limit for documents";
          default -> "over the " + limit + "-byte limit";
        };
    throw tooLarge(
        "zip entry " + Text.quote(r.name()) + " is " + r.size() + " bytes, " + over,
        limit,
        r.size());
  }

  private static ArtefactException tooLarge(String message, long limit, long actual) {
    return new ArtefactException(
        Reason.TOO_LARGE, message, String.valueOf(limit), String.valueOf(actual), null);
  }

  private static ArtefactException layout(String message) {
    return new ArtefactException(Reason.LAYOUT, message);
  }
}
