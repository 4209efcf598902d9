package dev.airlock.signature;

/**
 * A signature found for a manifest digest, not yet verified: a cosign legacy layer or a Sigstore
 * bundle. Plain data, so the cache can store it and re-verification needs no network.
 */
public sealed interface SignatureCandidate permits LegacySignature, SigstoreBundle {
  /**
   * Where the candidate was found, for messages (e.g. {@code sha256-ab….sig layer 2}).
   *
   * @return a short description
   */
  String origin();

  /**
   * How many bytes the candidate holds, for the discovery byte budget.
   *
   * @return a byte count
   */
  long size();
}
