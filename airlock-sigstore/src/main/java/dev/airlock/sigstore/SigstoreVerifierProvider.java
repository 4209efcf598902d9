package dev.airlock.sigstore;

import dev.airlock.signature.KeylessVerifier;
import dev.airlock.signature.KeylessVerifierProvider;
import dev.airlock.signature.SignatureException;
import dev.airlock.signature.TrustMaterial;
import java.time.Clock;

/** The {@link KeylessVerifierProvider} this module registers with {@code ServiceLoader}. */
public final class SigstoreVerifierProvider implements KeylessVerifierProvider {
  /** Creates the provider (for {@code ServiceLoader}). */
  public SigstoreVerifierProvider() {}

  @Override
  public KeylessVerifier create(TrustMaterial trust, Clock clock) throws SignatureException {
    return trust.any()
        ? SigstoreVerifier.create(trust, clock)
        : SigstoreVerifier.forKeysOnly(clock);
  }
}
