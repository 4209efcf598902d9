package dev.airlock.oci;

import java.time.Instant;
import java.util.List;

/**
 * What the cache knows about one reference: the manifest digest it resolved to, when, which
 * verifier accepted it, the plugin file made from it and every blob it used.
 *
 * @param reference the reference ({@code registry/repo:tag} or {@code registry/repo@sha256:…})
 * @param manifestDigest the digest of the manifest or index the reference resolved to
 * @param retrieved when it was last confirmed with the registry
 * @param verifiedBy the {@link PullVerifier#name()} that accepted it
 * @param plugin the plugin file's digest (its name in {@code plugins/})
 * @param extension the plugin file's extension ({@code .tar.gz} or {@code .wasm})
 * @param kind what kind of plugin ({@code airlock}, {@code wasm})
 * @param layout the layout it was pulled from ({@code airlock}, {@code cncf}, …)
 * @param blobs every blob digest the pull used (manifests, config, layers)
 */
public record CacheEntry(
    String reference,
    Digest manifestDigest,
    Instant retrieved,
    String verifiedBy,
    Digest plugin,
    String extension,
    String kind,
    String layout,
    List<Digest> blobs) {
  /** Copies. */
  public CacheEntry {
    blobs = List.copyOf(blobs);
  }

  /**
   * The same entry under another reference, confirmed at another time.
   *
   * @param ref the reference
   * @param at the time
   * @return the entry
   */
  public CacheEntry as(String ref, Instant at) {
    return new CacheEntry(
        ref, manifestDigest, at, verifiedBy, plugin, extension, kind, layout, blobs);
  }
}
