package dev.airlock.artefact;

/**
 * A host directory a plugin may see through WASI, mounted at a guest path.
 *
 * @param host the directory on the host
 * @param guest where the plugin sees it
 * @param writable whether the plugin may write; read-only otherwise
 */
public record PathGrant(String host, String guest, boolean writable) {
  /** Validates both paths. */
  public PathGrant {
    requireAbsolute("host", host);
    requireAbsolute("guest", guest);
  }

  private static void requireAbsolute(String what, String path) {
    if (path == null || !path.startsWith("/") || path.contains("\0") || path.length() > 4096) {
      throw new IllegalArgumentException(what + " path should be an absolute path, got " + path);
    }
    for (String segment : path.split("/")) {
      if (segment.equals("..")) {
        throw new IllegalArgumentException(what + " path must not contain '..', got " + path);
      }
    }
  }
}
