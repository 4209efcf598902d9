package dev.airlock.oci;

import java.util.Optional;

/**
 * The verification step of a pull: called after the reference is resolved to a manifest digest and
 * before any content is marked trusted in the cache (and before layers are downloaded). This is
 * where signature checks (cosign, Sigstore) plug in: find signatures for {@code manifestDigest}
 * through {@code registry} (the referrers API, or the {@code sha256-<hex>} / {@code
 * sha256-<hex>.sig} tags when it answers {@link Referrers#unsupported()}) and throw when they do
 * not verify.
 *
 * <p>The cache remembers which verifier (by {@link #name()}) accepted a digest; a cached digest is
 * served without network only when it was accepted by a verifier of the same name, else it is
 * verified again.
 */
public interface PullVerifier {
  /** Accepts everything: no verification beyond digests (the default). */
  PullVerifier NONE =
      new PullVerifier() {
        @Override
        public String name() {
          return "none";
        }

        @Override
        public void verify(Reference reference, Digest manifestDigest, RegistryView registry) {}
      };

  /**
   * A stable name for this policy (e.g. {@code cosign:key=sha256:ab…}), recorded in the cache.
   *
   * @return the name
   */
  String name();

  /**
   * Verifies the content a reference resolved to.
   *
   * @param reference the reference as asked for (tag and/or digest)
   * @param manifestDigest the digest of the manifest or index the reference resolved to
   * @param registry read-only access to the registry, authenticated as the pull is
   * @throws OciException ({@link OciException.Kind#VERIFICATION}) to refuse the content
   */
  void verify(Reference reference, Digest manifestDigest, RegistryView registry)
      throws OciException;

  /**
   * Verifies like {@link #verify} and returns the signature material it read, which the cache keeps
   * beside the manifest so that {@link #reverify} can check a cached plugin again without network.
   * The default verifies and records nothing.
   *
   * @param reference the reference as asked for
   * @param manifestDigest the digest the reference resolved to
   * @param registry read-only access to the registry
   * @return the material to keep, or empty when there is none
   * @throws OciException ({@link OciException.Kind#VERIFICATION}) to refuse the content
   */
  default Optional<byte[]> verifyRecording(
      Reference reference, Digest manifestDigest, RegistryView registry) throws OciException {
    verify(reference, manifestDigest, registry);
    return Optional.empty();
  }

  /**
   * Verifies a cached digest again from the material {@link #verifyRecording} returned, without
   * network. Called on every cache hit of a verifier that records material; the default accepts.
   *
   * @param reference the reference as asked for
   * @param manifestDigest the cached digest
   * @param material what {@link #verifyRecording} returned for it
   * @throws OciException ({@link OciException.Kind#VERIFICATION}) to refuse the cached content
   */
  default void reverify(Reference reference, Digest manifestDigest, byte[] material)
      throws OciException {}

  /**
   * Whether this verifier records material, so that a cache hit without material is fetched again.
   *
   * @return false by default
   */
  default boolean records() {
    return false;
  }
}
