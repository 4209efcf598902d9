package dev.airlock.oci;

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
}
