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
 * @param kind {@code airlock} (signed Airlock artefact) or {@code wasm} (a bare module)
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
    Optional<String> warning) {}
