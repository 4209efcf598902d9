package dev.airlock.oci;

import dev.airlock.oci.ProgressEvent.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Cache hits for {@link PluginPuller}: an entry is served only after its signature material was
 * verified again (offline) and its plugin file re-hashed, in one pass that also writes the output
 * file when one was asked for (temp file, committed only when the digest matched).
 */
final class CacheHits {
  private final OciCache cache;

  CacheHits(OciCache cache) {
    this.cache = cache;
  }

  /**
   * A verified cache hit: the entry, its signature material verified again (offline), then its
   * plugin file re-hashed in one pass that also writes the output file when one was asked for.
   */
  Optional<CacheEntry> find(Reference ref, String key, PullOptions o) throws OciException {
    PullVerifier v = o.verifier();
    try {
      Optional<CacheEntry> hit =
          cache.entry(key).filter(e -> v == PullVerifier.NONE || e.verifiedBy().equals(v.name()));
      if (hit.isEmpty()) {
        return hit;
      }
      if (v.records()) {
        // Never trust a cache flag alone: verify again from the recorded material, offline.
        Optional<byte[]> material = cache.signatures(hit.get().manifestDigest(), v.name());
        if (material.isEmpty()) {
          return Optional.empty();
        }
        o.listener()
            .onEvent(
                new ProgressEvent(
                    Phase.VERIFYING,
                    ref.toString(),
                    0,
                    0,
                    hit.get().manifestDigest() + " (cached signatures)"));
        v.reverify(ref, hit.get().manifestDigest(), material.get());
      }
      return intact(hit.get(), o) ? hit : Optional.empty();
    } catch (IOException e) {
      throw PluginPuller.io("could not read the cache in " + cache.root(), e);
    }
  }

  /** Re-hashes the cached plugin file, writing the output file in the same pass when asked. */
  private boolean intact(CacheEntry e, PullOptions o) throws OciException, IOException {
    if (o.output().isEmpty()) {
      return cache.verify(e, null);
    }
    Path to = o.output().get();
    o.listener().onEvent(new ProgressEvent(Phase.PERSISTING, e.reference(), 0, 0, to.toString()));
    Path temp;
    try {
      temp = OciFiles.tempBeside(to);
    } catch (IOException x) {
      throw PluginPuller.io("could not write " + to, x);
    }
    try {
      boolean ok;
      try (java.nio.channels.FileChannel out =
          java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
        ok = cache.verify(e, out);
      } catch (IOException x) {
        throw PluginPuller.io("could not write " + to, x);
      }
      if (ok) {
        try {
          OciFiles.commit(temp, to);
        } catch (IOException x) {
          throw PluginPuller.io("could not write " + to, x);
        }
      }
      return ok;
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
