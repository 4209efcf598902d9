package dev.airlock.catalog;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactException;
import dev.airlock.catalog.CatalogException.Reason;
import dev.airlock.trust.ArtefactVerifier;
import dev.airlock.trust.TrustException;
import dev.airlock.trust.TrustRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Installs a plugin into a host's plugins directory: fetch into a hidden staging directory beside
 * it, check the digest, read the artefact with the core reader, check that it is what the index
 * says (name and version), verify its signature when a trust root is given, refuse a version lower
 * than the highest installed before (the host's state store and this installer's record) unless
 * downgrades are allowed, then rename sidecars and finally the plugin into place, each fsynced. The
 * host's watcher ignores the staging directory, so hot reload sees only whole files.
 *
 * <p>Installs into one directory are serialized by a file lock. Immutable and thread-safe.
 */
public final class Installer {
  private static final List<String> ALL_FORMS =
      List.of(
          ".tar.gz",
          ".tgz",
          ".zip",
          ".zip.sig",
          ".wasm",
          ".sig",
          ".json",
          ".yaml",
          ".yml",
          ".toml");

  private final Fetcher fetcher;
  private final TrustRoot trustRoot;
  private final TrustRoot indexTrustRoot;
  private final boolean allowUnsignedIndex;
  private final boolean allowDowngrade;
  private final long maxBytes;
  private final Clock clock;
  private final InstallListener listener;

  private Installer(Builder b) {
    this.fetcher = b.fetcher;
    this.trustRoot = b.trustRoot;
    this.indexTrustRoot = b.indexTrustRoot != null ? b.indexTrustRoot : b.trustRoot;
    this.allowUnsignedIndex = b.allowUnsignedIndex;
    this.allowDowngrade = b.allowDowngrade;
    this.maxBytes = b.maxBytes;
    this.clock = b.clock;
    this.listener = b.listener;
  }

  /**
   * A builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Installs from {@code source} into {@code pluginsDir} (created when absent).
   *
   * @param source where the plugin comes from
   * @param pluginsDir the host's plugins directory
   * @return what was placed
   * @throws CatalogException when resolving, fetching or a check refuses; nothing is placed then
   * @throws ArtefactException when the artefact breaks a format rule; nothing is placed then
   * @throws IOException when a file cannot be read or written; the installed version is then
   *     unchanged
   */
  public InstallReport install(Source source, Path pluginsDir)
      throws CatalogException, ArtefactException, IOException {
    Objects.requireNonNull(source, "source");
    try (Staging staging = Staging.open(pluginsDir)) {
      InstallRecord record = InstallRecord.load(pluginsDir);
      Stager stager = new Stager(fetcher, maxBytes, staging, listener);
      Staged staged;
      try {
        staged =
            switch (source) {
              case Source.Registry r -> stager.registry(r, indexLoader(), record);
              case Source.LocalFile f -> stager.local(f.file());
              case Source.Url u -> stager.url(u.uri());
              case Source.Git g -> stager.git(g);
            };
      } catch (IOException e) {
        throw new IOException(
            "install into "
                + pluginsDir
                + " failed before anything was placed ("
                + e.getMessage()
                + "); the installed version is unchanged",
            e);
      }
      Optional<String> signer = verify(staged.artefact());
      List<String> notes = new ArrayList<>();
      Optional<String> previous = record.installed(staged.name());
      DowngradeGuard.check(staged.artefact(), pluginsDir, record, allowDowngrade, notes);
      listener.onStep(
          InstallStep.VERIFIED, staged.name() + "@" + staged.artefact().manifest().version());
      List<Path> placed = place(staging, staged);
      record.installed(staged.name(), staged.artefact().manifest().version());
      if (staged.index().isPresent() && staged.indexVersion().isPresent()) {
        record.indexSeen(staged.index().get(), staged.indexVersion().getAsLong());
      }
      record.save();
      listener.onStep(InstallStep.RECORDED, staged.name());
      return new InstallReport(
          staged.name(),
          staged.artefact().manifest().version().toString(),
          staged.source(),
          placed,
          staged.sha256(),
          signer,
          previous,
          notes);
    }
  }

  private IndexLoader indexLoader() {
    return IndexLoader.builder()
        .fetcher(fetcher)
        .trustRoot(indexTrustRoot)
        .allowUnsigned(allowUnsignedIndex)
        .clock(clock)
        .build();
  }

  private Optional<String> verify(Artefact a) throws CatalogException {
    if (trustRoot == null) {
      return Optional.empty();
    }
    String name = a.manifest().name();
    if (!a.isSigned()) {
      throw new CatalogException(
          Reason.NOT_TRUSTED, "'" + name + "' has no signature but a trust root was supplied");
    }
    try {
      return ArtefactVerifier.trusting(trustRoot).verify(a).signer();
    } catch (TrustException e) {
      throw new CatalogException(
          Reason.NOT_TRUSTED,
          "signature verification failed for '" + name + "': " + e.getMessage(),
          null,
          null,
          e);
    }
  }

  /** Sidecars first, then the plugin, each renamed atomically; then other forms are removed. */
  private List<Path> place(Staging staging, Staged staged) throws IOException {
    Path dir = staging.pluginsDir();
    String name = staged.name();
    Set<String> keep = Set.copyOf(staged.files().stream().map(Staged.File::finalName).toList());
    String primaryName = staged.files().getLast().finalName();
    // Stale sidecars of the same form would pair the new module with an old signature or a second
    // manifest; they go first.
    if (primaryName.endsWith(".wasm")) {
      for (String ext : List.of(".sig", ".json", ".yaml", ".yml", ".toml")) {
        deleteUnlessKept(dir, name + ext, keep);
      }
    } else if (primaryName.endsWith(".zip")) {
      deleteUnlessKept(dir, name + ".zip.sig", keep);
    }
    List<Path> placed = new ArrayList<>();
    for (Staged.File f : staged.files()) {
      Path target = staging.place(f.staged(), f.finalName());
      placed.add(target);
      boolean last = f == staged.files().getLast();
      listener.onStep(last ? InstallStep.PLACED : InstallStep.SIDECAR_PLACED, f.finalName());
    }
    for (String ext : ALL_FORMS) {
      deleteUnlessKept(dir, name + ext, keep);
    }
    return placed;
  }

  private static void deleteUnlessKept(Path dir, String fileName, Set<String> keep)
      throws IOException {
    if (!keep.contains(fileName)) {
      Files.deleteIfExists(dir.resolve(fileName));
    }
  }

  /** Options for an {@link Installer}. Not thread-safe. */
  public static final class Builder {
    private Fetcher fetcher;
    private TrustRoot trustRoot;
    private TrustRoot indexTrustRoot;
    private boolean allowUnsignedIndex;
    private boolean allowDowngrade;
    private long maxBytes = Fetcher.DEFAULT_MAX_BYTES;
    private Clock clock = Clock.systemUTC();
    private InstallListener listener = InstallListener.NONE;

    private Builder() {}

    /**
     * The fetcher every download goes through.
     *
     * @param f the fetcher
     * @return this
     */
    public Builder fetcher(Fetcher f) {
      this.fetcher = Objects.requireNonNull(f, "fetcher");
      return this;
    }

    /**
     * Keys an artefact must be signed by; without one, signatures are not checked.
     *
     * @param root the trust root, or {@code null}
     * @return this
     */
    public Builder trustRoot(TrustRoot root) {
      this.trustRoot = root;
      return this;
    }

    /**
     * Keys an index must be signed by; defaults to {@link #trustRoot}.
     *
     * @param root the trust root, or {@code null}
     * @return this
     */
    public Builder indexTrustRoot(TrustRoot root) {
      this.indexTrustRoot = root;
      return this;
    }

    /**
     * Whether an unsigned index may be used.
     *
     * @param allow true to accept one
     * @return this
     */
    public Builder allowUnsignedIndex(boolean allow) {
      this.allowUnsignedIndex = allow;
      return this;
    }

    /**
     * Whether a version lower than the highest installed before may be installed.
     *
     * @param allow true to allow it
     * @return this
     */
    public Builder allowDowngrade(boolean allow) {
      this.allowDowngrade = allow;
      return this;
    }

    /**
     * Cap on a download when the index gives no size.
     *
     * @param bytes the cap
     * @return this
     */
    public Builder maxBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("maxBytes should be positive, got " + bytes);
      }
      this.maxBytes = bytes;
      return this;
    }

    /**
     * The clock index expiry is checked against.
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Hears each step.
     *
     * @param l the listener
     * @return this
     */
    public Builder listener(InstallListener l) {
      this.listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /**
     * Builds the installer.
     *
     * @return the installer
     * @throws IllegalStateException when no fetcher was given
     */
    public Installer build() {
      if (fetcher == null) {
        throw new IllegalStateException("fetcher is required");
      }
      return new Installer(this);
    }
  }
}
