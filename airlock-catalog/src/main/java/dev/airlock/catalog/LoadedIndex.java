package dev.airlock.catalog;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * An index as loaded and checked by {@link IndexLoader}.
 *
 * @param index the parsed index
 * @param location where it was read from; relative artifacts resolve against it
 * @param signer the label of the trusted key that signed it, or empty for an unsigned index the
 *     operator accepted
 */
public record LoadedIndex(Index index, URI location, Optional<String> signer) {
  /** Checks the fields. */
  public LoadedIndex {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(signer, "signer");
  }

  /**
   * Where an entry's artefact is.
   *
   * @param entry an entry of this index
   * @return its absolute URI
   * @throws CatalogException when the artifact field is not a valid location, or a remote index
   *     names a local file
   */
  public URI artifactUri(IndexEntry entry) throws CatalogException {
    return Locations.artifact(location, entry);
  }
}
