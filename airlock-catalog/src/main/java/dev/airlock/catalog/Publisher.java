package dev.airlock.catalog;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactException;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.trust.Ed25519Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Publishes an artefact into an index file: reads and checks it, computes its SHA-256 and size,
 * adds or replaces its {@code name@version} entry, bumps {@code index_version}, and with a key
 * re-signs the index ({@code index.json.sig}, with {@code expires} set {@link #validity} ahead).
 * Both files are written atomically; the index first, then its signature.
 *
 * <p>Immutable and thread-safe; concurrent publishers to one index must be serialized by the
 * caller.
 */
public final class Publisher {
  /** How long a signed index stays valid by default. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

  private final Clock clock;
  private final Duration validity;

  /**
   * A publisher.
   *
   * @param clock the clock {@code expires} is computed from
   * @param validity how long a signed index stays valid
   */
  public Publisher(Clock clock, Duration validity) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.validity = Objects.requireNonNull(validity, "validity");
  }

  /**
   * The validity a signed index gets.
   *
   * @return the duration
   */
  public Duration validity() {
    return validity;
  }

  /**
   * Adds an artefact to an index (created when absent).
   *
   * @param indexFile the {@code index.json}
   * @param artefact a {@code .tar.gz}, {@code .zip} or {@code .wasm}; its signature ({@code
   *     plugin.sig} inside, or the {@code .sig} sidecar) becomes the entry's signature
   * @param baseUrl where the artefact will be served: the entry's artifact is {@code baseUrl/<file
   *     name>}; empty for a path relative to the index
   * @param key the index signing key, or empty to leave the index unsigned
   * @return what was written
   * @throws CatalogException when the existing index is invalid
   * @throws ArtefactException when the artefact is invalid
   * @throws IOException when a file cannot be read or written
   */
  public PublishReport add(
      Path indexFile, Path artefact, Optional<String> baseUrl, Optional<PrivateKey> key)
      throws CatalogException, ArtefactException, IOException {
    Index old =
        Files.exists(indexFile)
            ? Index.parse(Files.readAllBytes(indexFile), indexFile.toString())
            : Index.empty();
    Artefact a = ArtefactReader.create().read(artefact);
    byte[] bytes = Files.readAllBytes(artefact);
    String artifact = artifactField(indexFile, artefact, baseUrl);
    // For a .tar.gz this copies the plugin.sig it carries, so the index tells which entries are
    // signed; install checks that the two agree.
    Optional<String> signature = a.signature().map(s -> Base64.getEncoder().encodeToString(s));
    String description = a.manifest().description();
    IndexEntry entry =
        new IndexEntry(
            a.manifest().name(),
            a.manifest().version(),
            description == null || description.isEmpty()
                ? Optional.empty()
                : Optional.of(description),
            artifact,
            Sha256.hex(bytes),
            signature,
            OptionalLong.of(bytes.length));
    boolean replaced =
        old.versions(entry.name()).stream()
            .anyMatch(e -> e.version().compareTo(entry.version()) == 0);
    long version = old.indexVersion().orElse(0) + 1;
    Index next =
        old.with(entry)
            .withVersion(
                version,
                key.isPresent()
                    ? Optional.of(clock.instant().plus(validity).truncatedTo(ChronoUnit.SECONDS))
                    : old.expires());
    byte[] json = next.toJson();
    Index.parse(json, indexFile.toString()); // never write what we would refuse to read
    AtomicWrite.write(indexFile, json);
    Optional<Path> sigFile = Optional.empty();
    if (key.isPresent()) {
      Path s = indexFile.resolveSibling(indexFile.getFileName() + ".sig");
      String sig = Base64.getEncoder().encodeToString(Ed25519Keys.sign(key.get(), json)) + "\n";
      AtomicWrite.write(s, sig.getBytes(StandardCharsets.US_ASCII));
      sigFile = Optional.of(s);
    }
    return new PublishReport(entry, replaced, version, indexFile, sigFile);
  }

  private static String artifactField(Path indexFile, Path artefact, Optional<String> baseUrl) {
    String file = artefact.getFileName().toString();
    if (baseUrl.isPresent()) {
      String b = baseUrl.get();
      return (b.endsWith("/") ? b : b + "/") + file;
    }
    Path dir = indexFile.toAbsolutePath().normalize().getParent();
    Path a = artefact.toAbsolutePath().normalize();
    return a.startsWith(dir) ? dir.relativize(a).toString() : a.toString();
  }
}
