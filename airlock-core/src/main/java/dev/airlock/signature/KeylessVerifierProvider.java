package dev.airlock.signature;

import java.time.Clock;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Makes {@link KeylessVerifier}s; {@code airlock-sigstore} registers one with {@link
 * ServiceLoader}, so a host finds keyless verification when that module is on its class or module
 * path and core never depends on it.
 */
public interface KeylessVerifierProvider {
  /**
   * A verifier for the given trust material.
   *
   * @param trust where keyless trust comes from; {@link TrustMaterial#NONE} gives a verifier that
   *     accepts only key-signed bundles
   * @param clock the current time
   * @return the verifier
   * @throws SignatureException when the trust material is missing or unusable
   */
  KeylessVerifier create(TrustMaterial trust, Clock clock) throws SignatureException;

  /**
   * The installed provider, if any.
   *
   * @return the first provider {@link ServiceLoader} finds
   */
  static Optional<KeylessVerifierProvider> installed() {
    return ServiceLoader.load(KeylessVerifierProvider.class).findFirst();
  }

  /**
   * The verifier a policy needs: keyless when the policy has keyless rules or trust material, a
   * key-bundle-only one otherwise, none when no provider is installed (then only legacy key
   * signatures verify, and a keyless policy is refused by {@link SignatureVerifier#of}).
   *
   * @param policy the policy
   * @param clock the current time
   * @return a verifier for the policy
   * @throws SignatureException when the policy has keyless rules but no trust material, or keyless
   *     verification cannot be set up
   */
  static SignatureVerifier verifierFor(VerificationPolicy policy, Clock clock)
      throws SignatureException {
    if (policy.needsKeyless() && !policy.trust().any() && !policy.insecureSkip()) {
      throw new SignatureException(
          SignatureException.Reason.BAD_POLICY,
          "the policy has keyless rules but no trust material: set trust.trustedRoot,"
              + " trust.fulcioCerts and trust.rekorKeys, or trust.useSigstoreTufData");
    }
    Optional<KeylessVerifierProvider> provider = installed();
    Optional<KeylessVerifier> keyless = Optional.empty();
    if (provider.isPresent() && !policy.insecureSkip()) {
      keyless = Optional.of(provider.get().create(policy.trust(), clock));
    }
    return SignatureVerifier.of(policy, keyless);
  }
}
