package dev.airlock.catalog;

import dev.airlock.catalog.CatalogException.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * A registry index: HeliosDB Proxy's {@code {"schema_version": "1", "plugins": [...]}}, plus the
 * optional {@code index_version} and {@code expires} that a signed index must carry. Read with
 * {@link #parse}, written with {@link #toJson}.
 *
 * <p>Immutable and thread-safe. Lookups by name are a hash lookup over versions sorted once.
 */
public final class Index {
  /** The only schema version this reader knows. */
  public static final String SCHEMA_VERSION = "1";

  private final OptionalLong indexVersion;
  private final Optional<Instant> expires;
  private final List<IndexEntry> plugins;
  private final Map<String, List<IndexEntry>> byName;

  /**
   * Creates an index.
   *
   * @param indexVersion a counter the publisher bumps on every change, when present
   * @param expires when the index stops being acceptable, when present
   * @param plugins the entries, in file order
   */
  public Index(OptionalLong indexVersion, Optional<Instant> expires, List<IndexEntry> plugins) {
    this.indexVersion = Objects.requireNonNull(indexVersion, "indexVersion");
    this.expires = Objects.requireNonNull(expires, "expires");
    this.plugins = List.copyOf(plugins);
    Map<String, List<IndexEntry>> built = new HashMap<>();
    for (IndexEntry e : this.plugins) {
      built.computeIfAbsent(e.name(), k -> new ArrayList<>()).add(e);
    }
    built.replaceAll(
        (k, v) -> v.stream().sorted(Comparator.comparing(IndexEntry::version).reversed()).toList());
    this.byName = Map.copyOf(built);
  }

  /**
   * The {@code index_version} counter the publisher bumps on every change, when present.
   *
   * @return the counter
   */
  public OptionalLong indexVersion() {
    return indexVersion;
  }

  /**
   * When the index stops being acceptable ({@code expires}), when present.
   *
   * @return the expiry
   */
  public Optional<Instant> expires() {
    return expires;
  }

  /**
   * The entries, in file order.
   *
   * @return the entries
   */
  public List<IndexEntry> plugins() {
    return plugins;
  }

  /**
   * An empty index, version 0, as {@code catalog add} starts one.
   *
   * @return the index
   */
  public static Index empty() {
    return new Index(OptionalLong.of(0), Optional.empty(), List.of());
  }

  /**
   * Parses index bytes strictly: UTF-8 JSON, no duplicate keys, no unknown fields, every entry
   * checked, no duplicate {@code name@version}, no two entries sharing one artefact.
   *
   * @param json the index bytes
   * @param origin where they came from, for messages
   * @return the index
   * @throws CatalogException naming the field and the rule when the bytes break one
   */
  public static Index parse(byte[] json, String origin) throws CatalogException {
    return IndexParser.parse(json, origin);
  }

  /**
   * The index as pretty-printed JSON with a trailing newline, fields in a fixed order.
   *
   * @return the bytes
   */
  public byte[] toJson() {
    return IndexWriter.write(this);
  }

  /**
   * A copy with {@code entry} added, replacing the entry of the same name and version.
   *
   * @param entry the entry
   * @return the new index
   */
  public Index with(IndexEntry entry) {
    List<IndexEntry> out = new ArrayList<>();
    boolean replaced = false;
    for (IndexEntry e : plugins) {
      if (e.name().equals(entry.name()) && e.version().compareTo(entry.version()) == 0) {
        out.add(entry);
        replaced = true;
      } else {
        out.add(e);
      }
    }
    if (!replaced) {
      out.add(entry);
    }
    return new Index(indexVersion, expires, out);
  }

  /**
   * A copy with another version counter and expiry.
   *
   * @param version the new {@code index_version}
   * @param expiry the new {@code expires}, or empty
   * @return the new index
   */
  public Index withVersion(long version, Optional<Instant> expiry) {
    return new Index(OptionalLong.of(version), expiry, plugins);
  }

  /**
   * Picks the highest version of {@code name} that {@code requirement} accepts. With any version,
   * releases rank above pre-releases.
   *
   * @param name the plugin name
   * @param requirement the accepted versions
   * @return the entry
   * @throws CatalogException {@code no plugin 'n' in registry}, or {@code no plugin 'n' at version
   *     'v' in registry (versions: …)}
   */
  public IndexEntry resolve(String name, VersionRequirement requirement) throws CatalogException {
    List<IndexEntry> versions = byName.get(name);
    if (versions == null) {
      throw new CatalogException(Reason.NOT_FOUND, "no plugin '" + name + "' in registry");
    }
    IndexEntry best = null;
    for (IndexEntry e : versions) { // highest first
      if (requirement.matches(e.version())) {
        if (!requirement.isAny() || e.version().preRelease().isEmpty()) {
          return e;
        }
        best = best == null ? e : best;
      }
    }
    if (best != null) {
      return best;
    }
    throw new CatalogException(
        Reason.NOT_FOUND,
        "no plugin '"
            + name
            + "' at version '"
            + requirement
            + "' in registry (versions: "
            + versions.reversed().stream()
                .map(e -> e.version().toString())
                .collect(Collectors.joining(", "))
            + ")");
  }

  /**
   * Every version of {@code name}, highest first.
   *
   * @param name the plugin name
   * @return the entries, empty when the name is unknown
   */
  public List<IndexEntry> versions(String name) {
    return byName.getOrDefault(name, List.of());
  }
}
