package dev.airlock.catalog;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link Publisher#add} did.
 *
 * @param entry the entry added or replaced
 * @param replaced whether an entry of the same name and version was replaced
 * @param indexVersion the new {@code index_version}
 * @param index the index file written
 * @param signature the {@code index.json.sig} written, or empty when the index is unsigned
 */
public record PublishReport(
    IndexEntry entry, boolean replaced, long indexVersion, Path index, Optional<Path> signature) {}
