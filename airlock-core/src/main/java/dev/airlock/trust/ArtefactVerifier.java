package dev.airlock.trust;

import dev.airlock.artefact.Artefact;
import dev.airlock.trust.TrustException.Reason;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether an artefact may run. With a trust root, the artefact must carry a signature that
 * a trusted key verifies; without one, any structurally valid artefact passes and no signer is
 * claimed.
 *
 * <p>Immutable and thread-safe.
 */
public final class ArtefactVerifier {
  private final TrustRoot trustRoot;

  private ArtefactVerifier(TrustRoot trustRoot) {
    this.trustRoot = trustRoot;
  }

  /**
   * A verifier that requires a signature by a key in {@code trustRoot}.
   *
   * @param trustRoot the trusted keys
   * @return the verifier
   */
  public static ArtefactVerifier trusting(TrustRoot trustRoot) {
    return new ArtefactVerifier(Objects.requireNonNull(trustRoot, "trustRoot"));
  }

  /**
   * A verifier with no trust root: signatures are not checked and no signer is reported.
   *
   * @return the verifier
   */
  public static ArtefactVerifier withoutTrustRoot() {
    return new ArtefactVerifier(null);
  }

  /**
   * The active trust root, if any.
   *
   * @return the trust root, or empty
   */
  public Optional<TrustRoot> trustRoot() {
    return Optional.ofNullable(trustRoot);
  }

  /**
   * Verifies an artefact.
   *
   * @param artefact a structurally checked artefact
   * @return the artefact with its signer
   * @throws TrustException when a trust root is active and the artefact is unsigned, its signature
   *     is malformed, or no trusted key made it
   */
  public VerifiedArtefact verify(Artefact artefact) throws TrustException {
    if (trustRoot == null) {
      return new VerifiedArtefact(artefact, Optional.empty());
    }
    byte[] signature =
        artefact
            .signature()
            .orElseThrow(
                () ->
                    new TrustException(
                        Reason.UNSIGNED, "artefact has no signature but trust root is active"));
    String signer = trustRoot.verify(artefact.signedContent(), signature);
    return new VerifiedArtefact(artefact, Optional.of(signer));
  }
}
