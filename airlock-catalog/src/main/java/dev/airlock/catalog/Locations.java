package dev.airlock.catalog;

import dev.airlock.catalog.CatalogException.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns what a user or an index writes (a path or a URL) into a URI. */
final class Locations {
  private static final Pattern SCHEME =
      Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

  private Locations() {}

  static URI toUri(String text) throws CatalogException {
    if (text == null || text.isBlank() || text.startsWith("-")) {
      throw new CatalogException(
          Reason.BAD_SOURCE, "location should be a path or a URL, got '" + text + "'");
    }
    if (SCHEME.matcher(text).matches()) {
      try {
        URI u = new URI(text);
        if (u.getScheme().equalsIgnoreCase("file") && u.getPath() == null) {
          throw new URISyntaxException(text, "file URL without a path");
        }
        return u;
      } catch (URISyntaxException e) {
        throw new CatalogException(
            Reason.BAD_SOURCE, "'" + text + "' is not a valid URL: " + e.getMessage());
      }
    }
    try {
      return Path.of(text).toAbsolutePath().normalize().toUri();
    } catch (InvalidPathException e) {
      throw new CatalogException(Reason.BAD_SOURCE, "'" + text + "' is not a valid path");
    }
  }

  static String scheme(URI u) {
    return u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
  }

  /** An index entry's artifact, relative to the index; a remote index may not name local files. */
  static URI artifact(URI index, IndexEntry e) throws CatalogException {
    String a = e.artifact();
    URI u;
    if (SCHEME.matcher(a).matches()) {
      u = toUri(a);
    } else if (a.startsWith("/")) {
      u = Path.of(a).toUri();
    } else {
      try {
        u = index.resolve(new URI(null, null, a, null));
      } catch (URISyntaxException | IllegalArgumentException ex) {
        throw new CatalogException(
            Reason.BAD_INDEX,
            "artifact '" + a + "' of '" + e.coordinate() + "' is not a valid path");
      }
    }
    if (!scheme(index).equals("file") && scheme(u).equals("file")) {
      throw new CatalogException(
          Reason.BAD_INDEX,
          "index "
              + index
              + " is remote but '"
              + e.coordinate()
              + "' points at the local file "
              + u
              + "; a remote index may only name http(s) artefacts");
    }
    return u;
  }

  /** The file name at the end of a URI's path, or "" when none. */
  static String fileName(URI u) {
    String p = u.getPath();
    if (p == null) {
      return "";
    }
    int i = p.lastIndexOf('/');
    return p.substring(i + 1);
  }
}
