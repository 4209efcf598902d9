package dev.airlock.catalog;

import dev.airlock.artefact.Artefact;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A plugin fetched into the staging directory and read, not yet verified or placed.
 *
 * @param artefact what the core reader made of it
 * @param files staged file → final name, sidecars first, the plugin last
 * @param sha256 SHA-256 of the artefact as fetched
 * @param source the source as text, for the report
 * @param index the index location and its version, for a registry install
 */
record Staged(
    Artefact artefact,
    List<File> files,
    String sha256,
    String source,
    Optional<String> index,
    OptionalLong indexVersion) {
  /** One staged file and the name it gets in the plugins directory. */
  record File(Path staged, String finalName) {}

  Staged {
    files = List.copyOf(files);
  }

  String name() {
    return artefact.manifest().name();
  }
}
