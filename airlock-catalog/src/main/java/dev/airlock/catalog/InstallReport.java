package dev.airlock.catalog;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an install placed.
 *
 * @param name the plugin name
 * @param version its version
 * @param source where it came from, as text
 * @param files the files placed in the plugins directory, sidecars first, the plugin last
 * @param sha256 SHA-256 of the artefact as fetched
 * @param signer the trusted key that signed it, or empty when no trust root was given
 * @param previous the version installed before, if any
 * @param notes remarks for the operator (e.g. a downgrade the host will refuse)
 */
public record InstallReport(
    String name,
    String version,
    String source,
    List<Path> files,
    String sha256,
    Optional<String> signer,
    Optional<String> previous,
    List<String> notes) {
  /** Copies the lists. */
  public InstallReport {
    Objects.requireNonNull(name, "name");
    files = List.copyOf(files);
    notes = List.copyOf(notes);
  }

  /**
   * The plugin file itself (the last one placed).
   *
   * @return the path
   */
  public Path plugin() {
    return files.getLast();
  }
}
