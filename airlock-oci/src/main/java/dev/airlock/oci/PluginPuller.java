package dev.airlock.oci;

import dev.airlock.oci.ProgressEvent.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Pulls plugins: resolve (reference → manifest digest) → verify ({@link PullVerifier}) → download
 * (into a staging directory, every blob checked) → extract → persist (cache, then the output file)
 * → done. A digest-pinned reference that is cached makes no request; a tag costs one manifest
 * {@code HEAD}; when the registry cannot be reached a cached copy is used with a warning saying how
 * old it is. Nothing half-written is left in the cache or at the output when a pull fails.
 */
public final class PluginPuller {
  private final RegistryClient client;
  private final OciCache cache;
  private final Clock clock;
  private final Platform host;

  private PluginPuller(RegistryClient client, OciCache cache, Clock clock, Platform host) {
    this.client = client;
    this.cache = cache;
    this.clock = clock;
    this.host = host;
  }

  /**
   * A puller.
   *
   * @param client the registry client
   * @param cache the cache
   * @return the puller
   */
  public static PluginPuller create(RegistryClient client, OciCache cache) {
    return new PluginPuller(client, cache, Clock.systemUTC(), Platform.host());
  }

  /**
   * The same puller with another clock (cache ages) and host platform (index matching).
   *
   * @param c the clock
   * @param p the host platform
   * @return a puller
   */
  public PluginPuller with(Clock c, Platform p) {
    return new PluginPuller(client, cache, c, p);
  }

  /**
   * Pulls a plugin.
   *
   * @param ref the reference
   * @param options options
   * @return the result; its file is in the cache
   * @throws OciException when it cannot be pulled; the message says why and what to do
   */
  public PullResult pull(Reference ref, PullOptions options) throws OciException {
    ProgressListener l = options.listener();
    try {
      PullResult r = pullOrCached(ref, options);
      if (options.output().isPresent() && !r.fromCache()) { // a cache hit wrote it already
        l.onEvent(
            new ProgressEvent(
                Phase.PERSISTING, ref.toString(), 0, 0, options.output().get().toString()));
        copyOut(r.file(), options.output().get());
      }
      l.onEvent(
          new ProgressEvent(
              Phase.DONE,
              ref.toString(),
              0,
              0,
              r.manifestDigest() + (r.fromCache() ? " (cached)" : "")));
      return r;
    } catch (OciException e) {
      l.onEvent(new ProgressEvent(Phase.FAILED, ref.toString(), 0, 0, e.getMessage()));
      throw e;
    }
  }

  private PullResult pullOrCached(Reference ref, PullOptions o) throws OciException {
    ProgressListener l = o.listener();
    String name = ref.toString();
    l.onEvent(new ProgressEvent(Phase.RESOLVING, name, 0, 0, ""));
    if (ref.pinned() && !o.force()) {
      Optional<CacheEntry> hit = cached(ref, key(pinned(ref, ref.digest().get()), o), o);
      if (hit.isPresent()) {
        return result(ref, hit.get(), true, Optional.empty());
      }
    }
    Digest digest;
    if (ref.pinned()) {
      digest = ref.digest().get();
      try {
        return fetch(ref, digest, o);
      } catch (OciException e) {
        if (e.kind() != OciException.Kind.NETWORK) {
          throw e;
        }
        throw new OciException(
            OciException.Kind.OFFLINE,
            "no network and no cached version of " + ref + " (" + e.getMessage() + ")",
            null,
            null,
            e);
      }
    } else {
      Optional<Descriptor> head;
      try {
        head = client.headManifest(ref.repository(), ref.tag().get(), MediaTypes.ALL_MANIFESTS);
      } catch (OciException e) {
        if (e.kind() != OciException.Kind.NETWORK) {
          throw e;
        }
        return offline(ref, o, e);
      }
      if (head.isEmpty()) {
        throw new OciException(
            OciException.Kind.NOT_FOUND,
            "no manifest "
                + ref.tag().get()
                + " in "
                + ref.repository()
                + " (404); check the tag ('airlock inspect' lists what is there)");
      }
      digest = head.get().digest();
      if (!o.force()) {
        Optional<CacheEntry> hit = cached(ref, key(pinned(ref, digest), o), o);
        if (hit.isPresent()) {
          put(hit.get().as(key(name, o), clock.instant()));
          return result(ref, hit.get(), true, Optional.empty());
        }
      }
    }
    return fetch(ref, digest, o);
  }

  private PullResult fetch(Reference ref, Digest digest, PullOptions o) throws OciException {
    Path stage;
    try {
      stage = cache.stage();
    } catch (IOException e) {
      throw io("could not create a staging directory in " + cache.root(), e);
    }
    try {
      CacheEntry e = new PullSteps(client, cache, host, clock).run(ref, digest, o, stage);
      List<CacheEntry> entries = new ArrayList<>();
      entries.add(e.as(key(pinned(ref, digest), o), e.retrieved()));
      if (!ref.pinned()) {
        entries.add(e.as(key(ref.toString(), o), e.retrieved()));
      }
      o.listener()
          .onEvent(
              new ProgressEvent(Phase.PERSISTING, ref.toString(), 0, 0, cache.root().toString()));
      Path material = stage.resolve(PullSteps.SIGNATURES);
      if (Files.isRegularFile(material)) {
        cache.putSignatures(digest, o.verifier().name(), Files.readAllBytes(material));
      }
      cache.commit(stage, entries);
      return result(ref, e, false, Optional.empty());
    } catch (IOException x) {
      throw io("could not write the cache in " + cache.root(), x);
    } finally {
      deleteTree(stage);
    }
  }

  private PullResult offline(Reference ref, PullOptions o, OciException cause) throws OciException {
    Optional<CacheEntry> hit = cached(ref, key(ref.toString(), o), o);
    if (hit.isEmpty()) {
      throw new OciException(
          OciException.Kind.OFFLINE,
          "no network and no cached version of " + ref + " (" + cause.getMessage() + ")",
          null,
          null,
          cause);
    }
    String warning =
        "registry "
            + ref.repository().registry()
            + " cannot be reached; using the cached copy of "
            + ref
            + " ("
            + hit.get().manifestDigest()
            + ") retrieved "
            + age(Duration.between(hit.get().retrieved(), clock.instant()))
            + " ago";
    o.listener().onEvent(new ProgressEvent(Phase.RESOLVING, ref.toString(), 0, 0, warning));
    return result(ref, hit.get(), true, Optional.of(warning));
  }

  /**
   * The cached copy of a reference, verified again from its recorded signature material (no
   * network): what keeps serving when a newer version is refused.
   *
   * @param ref the reference
   * @param options the options whose verifier applies
   * @return the cached copy, or empty when there is none for this verifier
   * @throws OciException when the cache cannot be read or the cached copy no longer verifies
   */
  public Optional<PullResult> cachedCopy(Reference ref, PullOptions options) throws OciException {
    PullOptions noOutput =
        new PullOptions(
            options.platform(),
            options.force(),
            Optional.empty(),
            options.targetFile(),
            options.verifier(),
            options.listener());
    Optional<CacheEntry> hit = cached(ref, key(ref.toString(), options), noOutput);
    return hit.map(e -> result(ref, e, true, Optional.empty()));
  }

  /**
   * A duration as people read an age: {@code 42s}, {@code 5m}, {@code 3h 12m}, {@code 2d 4h}.
   *
   * @param d the duration
   * @return the text
   */
  public static String age(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m";
    }
    if (s < 86400) {
      return (s / 3600) + "h " + (s % 3600 / 60) + "m";
    }
    return (s / 86400) + "d " + (s % 86400 / 3600) + "h";
  }

  private Optional<CacheEntry> cached(Reference ref, String key, PullOptions o)
      throws OciException {
    return new CacheHits(cache).find(ref, key, o);
  }

  private void put(CacheEntry e) throws OciException {
    try {
      cache.put(e);
    } catch (IOException x) {
      throw io("could not write the cache in " + cache.root(), x);
    }
  }

  private PullResult result(Reference ref, CacheEntry e, boolean fromCache, Optional<String> w) {
    return new PullResult(
        ref, e.manifestDigest(), cache.pluginFile(e), e.kind(), e.layout(), fromCache, w);
  }

  /**
   * The cache key of a reference pulled with these options: an index resolves to another plugin for
   * another {@code --platform}, so an explicit platform is part of the key.
   */
  static String key(String reference, PullOptions o) {
    return o.platform().map(p -> reference + " (platform " + p + ")").orElse(reference);
  }

  static String pinned(Reference ref, Digest d) {
    return ref.repository() + "@" + d;
  }

  private static void copyOut(Path from, Path to) throws OciException {
    try {
      Path temp = OciFiles.tempBeside(to);
      try {
        Files.copy(from, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        OciFiles.commit(temp, to);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw io("could not write " + to, e);
    }
  }

  private static void deleteTree(Path dir) {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException ignored) {
      // gc removes what is left
    }
  }

  static OciException io(String what, IOException e) {
    return new OciException(OciException.Kind.IO, what + ": " + e.getMessage(), null, null, e);
  }

  static Instant now(Clock c) {
    return c.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
  }
}
