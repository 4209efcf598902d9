package dev.airlock.oci;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a pull produced.
 *
 * @param reference the reference asked for
 * @param manifestDigest the digest it resolved to (the index's, for an index)
 * @param file the plugin file in the cache ({@code .tar.gz} for Airlock artefacts, else {@code
 *     .wasm})
 * @param kind {@code airlock} (signed Airlock artefact), {@code wasm} (a bare module) or {@code
 *     native} (an image index entry for the host's exact os/arch: pulled and cached, never loaded;
 *     see {@link #loadableFile()})
 * @param layout the layout it was read from
 * @param fromCache true when no download was needed
 * @param warning e.g. the registry could not be reached and a cached copy was used
 */
public record PullResult(
    Reference reference,
    Digest manifestDigest,
    Path file,
    String kind,
    String layout,
    boolean fromCache,
    Optional<String> warning) {
  /** The opt-in a host would need to load native plugins; Airlock does not offer it yet. */
  public static final String NATIVE_OPT_IN = "--allow-native";

  /**
   * The file a host may load: the plugin file, unless it is native code, which is refused until an
   * explicit opt-in exists.
   *
   * @return the plugin file
   * @throws OciException ({@link OciException.Kind#UNSUPPORTED}) for a native plugin
   */
  public Path loadableFile() throws OciException {
    if (kind.equals("native")) {
      throw new OciException(
          OciException.Kind.UNSUPPORTED,
          reference
              + " is a native plugin (built for this host's os/arch; pulled and cached as "
              + file.getFileName()
              + "); loading native code needs an explicit opt-in ("
              + NATIVE_OPT_IN
              + "), which Airlock does not offer yet; use a wasm build instead (--platform"
              + " wasip1/wasm) if the index has one");
    }
    return file;
  }
}
