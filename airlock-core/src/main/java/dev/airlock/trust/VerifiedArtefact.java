package dev.airlock.trust;

import dev.airlock.artefact.Artefact;
import java.util.Objects;
import java.util.Optional;

/**
 * An artefact that passed verification.
 *
 * @param artefact the artefact
 * @param signer the label of the trusted key that signed it; empty when no trust root was active
 */
public record VerifiedArtefact(Artefact artefact, Optional<String> signer) {
  /** Checks for nulls. */
  public VerifiedArtefact {
    Objects.requireNonNull(artefact, "artefact");
    Objects.requireNonNull(signer, "signer");
  }
}
