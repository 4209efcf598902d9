package dev.airlock.oci.sign;

import dev.airlock.oci.Digest;
import dev.airlock.oci.OciException;
import dev.airlock.oci.PullVerifier;
import dev.airlock.oci.Reference;
import dev.airlock.oci.RegistryView;
import dev.airlock.signature.DiscoveryLimits;
import dev.airlock.signature.KeylessVerifierProvider;
import dev.airlock.signature.PolicyFailure;
import dev.airlock.signature.RecordedSignatureSource;
import dev.airlock.signature.SignatureCandidate;
import dev.airlock.signature.SignatureDiscovery;
import dev.airlock.signature.SignatureException;
import dev.airlock.signature.SignatureSource;
import dev.airlock.signature.SignatureVerifier;
import dev.airlock.signature.VerificationPolicy;
import dev.airlock.signature.VerificationResult;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The signature step of a pull: discovers the signatures of the resolved manifest digest (referrers
 * API, the {@code sha256-<hex>} fallback tag, cosign's {@code sha256-<hex>.sig}), records what it
 * read, and verifies it under a {@link VerificationPolicy} (keys with JDK crypto; keyless through
 * the {@link KeylessVerifierProvider} {@code airlock-sigstore} registers). The recorded material is
 * returned for the cache, and a cache hit is verified again from it with no network. Thread-safe.
 */
public final class SignaturePullVerifier implements PullVerifier {
  private final String name;
  private final boolean skip;
  private final SignatureVerifier verifier;
  private final DiscoveryLimits limits;
  private final Consumer<VerificationResult> onVerified;

  private SignaturePullVerifier(
      String name,
      boolean skip,
      SignatureVerifier verifier,
      DiscoveryLimits limits,
      Consumer<VerificationResult> onVerified) {
    this.name = name;
    this.skip = skip;
    this.verifier = verifier;
    this.limits = limits;
    this.onVerified = onVerified;
  }

  /**
   * A verifier for a policy.
   *
   * @param policy the policy
   * @param policyId a stable id of the policy (e.g. the digest of its file), recorded in the cache:
   *     a plugin verified under another policy is verified again
   * @param clock the current time (certificate and root validity)
   * @return the verifier
   * @throws SignatureException when the policy needs keyless verification that cannot be set up
   */
  public static SignaturePullVerifier of(VerificationPolicy policy, String policyId, Clock clock)
      throws SignatureException {
    return new SignaturePullVerifier(
        "signatures:" + policyId,
        policy.insecureSkip(),
        KeylessVerifierProvider.verifierFor(policy, clock),
        DiscoveryLimits.DEFAULT,
        r -> {});
  }

  /**
   * The same verifier with other discovery bounds.
   *
   * @param l the bounds
   * @return a verifier
   */
  public SignaturePullVerifier withLimits(DiscoveryLimits l) {
    return new SignaturePullVerifier(name, skip, verifier, l, onVerified);
  }

  /**
   * The same verifier, telling {@code listener} who signed each verified manifest.
   *
   * @param listener called after each successful verification (pull or cached re-verify)
   * @return a verifier
   */
  public SignaturePullVerifier onVerified(Consumer<VerificationResult> listener) {
    return new SignaturePullVerifier(name, skip, verifier, limits, listener);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean records() {
    return true;
  }

  @Override
  public void verify(Reference reference, Digest manifestDigest, RegistryView registry)
      throws OciException {
    verifyRecording(reference, manifestDigest, registry);
  }

  @Override
  public Optional<byte[]> verifyRecording(
      Reference reference, Digest manifestDigest, RegistryView registry) throws OciException {
    RecordedSignatureSource rec =
        RecordedSignatureSource.recording(
            new OciSignatureSource(registry, reference.repository(), limits));
    check(reference, manifestDigest, rec, "");
    return Optional.of(rec.toJson());
  }

  @Override
  public void reverify(Reference reference, Digest manifestDigest, byte[] material)
      throws OciException {
    RecordedSignatureSource replay;
    try {
      replay = RecordedSignatureSource.replay(material);
    } catch (SignatureException e) {
      throw refused(reference, e.getMessage() + "; pull again with --force", e);
    }
    check(reference, manifestDigest, replay, " (cached signatures)");
  }

  /**
   * Discovers and verifies.
   *
   * @param reference what is verified
   * @param digest its manifest digest
   * @param source where signatures come from
   * @return the result
   * @throws OciException ({@link OciException.Kind#VERIFICATION}) when refused
   */
  VerificationResult check(Reference reference, Digest digest, SignatureSource source, String note)
      throws OciException {
    String subject = Reference.SCHEME + reference;
    if (skip) { // insecure_skip_signature: read nothing; the verifier logs a warning every time
      try {
        VerificationResult r = verifier.verify(subject, digest.toString(), List.of());
        onVerified.accept(r);
        return r;
      } catch (PolicyFailure e) {
        throw refused(reference, e.getMessage(), e);
      }
    }
    List<SignatureCandidate> candidates;
    try {
      candidates = SignatureDiscovery.discover(source, digest.toString(), limits);
    } catch (SignatureException e) {
      throw refused(reference, subject + ": " + e.getMessage() + note, e);
    } catch (IOException e) {
      throw new OciException(
          OciException.Kind.VERIFICATION,
          subject + ": could not read its signatures" + note + ": " + e.getMessage(),
          null,
          null,
          e);
    }
    try {
      VerificationResult r = verifier.verify(subject, digest.toString(), candidates);
      onVerified.accept(r);
      return r;
    } catch (PolicyFailure e) {
      String why = e.rejected().isEmpty() ? "" : " [" + String.join("; ", e.rejected()) + "]";
      throw refused(reference, e.getMessage() + note + why, e);
    }
  }

  private static OciException refused(Reference r, String message, Throwable cause) {
    return new OciException(OciException.Kind.VERIFICATION, message, null, null, cause);
  }
}
