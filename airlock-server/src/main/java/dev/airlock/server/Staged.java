package dev.airlock.server;

import java.nio.file.Path;

/**
 * A plugin file fetched into a staging directory, not yet verified or stored.
 *
 * @param file the plugin file, named as its form requires ({@code x.tar.gz}, {@code x.zip}, or
 *     {@code name.wasm})
 * @param signature its detached signature ({@code .wasm} and {@code .zip}), or null
 * @param sidecar a bare module's sidecar manifest beside {@code file} ({@code name.json}, {@code
 *     .yaml}, {@code .yml} or {@code .toml}, as the catalog writes it), or null
 * @param source where it came from, for the record (e.g. {@code upload:echo.wasm})
 */
record Staged(Path file, Path signature, Path sidecar, String source) {
  /** A staged plugin without a sidecar manifest. */
  Staged(Path file, Path signature, String source) {
    this(file, signature, null, source);
  }
}
