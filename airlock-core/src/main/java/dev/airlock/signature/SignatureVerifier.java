package dev.airlock.signature;

import dev.airlock.signature.SignatureException.Reason;
import java.lang.System.Logger.Level;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies the signature candidates of a manifest digest and evaluates a {@link
 * VerificationPolicy}. Key signatures are checked here with JDK crypto, or with the same check on
 * the installed {@link KeylessVerifier}'s faster provider; certificates and bundles go to the
 * {@link KeylessVerifier}. Thread-safe; needs no network, so a cached plugin is re-verified from
 * its cached candidates.
 */
public final class SignatureVerifier {
  private static final System.Logger LOG = System.getLogger(SignatureVerifier.class.getName());

  private final VerificationPolicy policy;
  private final Optional<KeylessVerifier> keyless;

  private SignatureVerifier(VerificationPolicy policy, Optional<KeylessVerifier> keyless) {
    this.policy = policy;
    this.keyless = keyless;
  }

  /**
   * A verifier for a policy.
   *
   * @param policy the policy
   * @param keyless the keyless verifier, required when the policy has keyless rules
   * @return the verifier
   * @throws SignatureException ({@link Reason#NO_KEYLESS}) when the policy needs keyless
   *     verification and none is given
   */
  public static SignatureVerifier of(VerificationPolicy policy, Optional<KeylessVerifier> keyless)
      throws SignatureException {
    if (policy.needsKeyless() && keyless.isEmpty() && !policy.insecureSkip()) {
      throw new SignatureException(
          Reason.NO_KEYLESS,
          "the policy has keyless rules but no keyless verifier is installed; add the"
              + " airlock-sigstore module");
    }
    return new SignatureVerifier(policy, keyless);
  }

  /**
   * Verifies.
   *
   * @param subject what is verified, for messages (e.g. {@code oci://reg/repo:tag})
   * @param manifestDigest {@code sha256:<hex>} of the manifest
   * @param candidates the signatures found for it
   * @return who signed and which rules matched
   * @throws PolicyFailure with {@code No valid signatures found for <subject>} or {@code signature
   *     by <identity> does not satisfy policy: …}
   */
  public VerificationResult verify(
      String subject, String manifestDigest, List<SignatureCandidate> candidates)
      throws PolicyFailure {
    if (policy.insecureSkip()) {
      LOG.log(
          Level.WARNING,
          "signature verification of {0} is SKIPPED (insecure_skip_signature = true); anyone who"
              + " can push to the registry can run code in this host",
          subject);
      return new VerificationResult(subject, manifestDigest, List.of(), true, List.of());
    }
    List<String> rejected = new ArrayList<>();
    Map<Signer, Map<String, String>> verified = new LinkedHashMap<>();
    for (SignatureCandidate c : candidates) {
      try {
        Verified v = verifyOne(c, manifestDigest);
        verified.putIfAbsent(v.signer(), v.annotations());
      } catch (SignatureException e) {
        rejected.add(c.origin() + ": " + e.getMessage());
      }
    }
    if (verified.isEmpty()) {
      throw new PolicyFailure("No valid signatures found for " + subject, rejected);
    }
    return evaluate(subject, manifestDigest, verified, rejected);
  }

  private VerificationResult evaluate(
      String subject,
      String digest,
      Map<Signer, Map<String, String>> verified,
      List<String> rejected)
      throws PolicyFailure {
    List<VerificationResult.Match> matches = new ArrayList<>();
    Signer first = verified.keySet().iterator().next();
    for (PolicyRule rule : policy.allOf()) {
      Optional<Signer> by = firstMatch(rule, verified, matches);
      if (by.isEmpty()) {
        String why = rule.mismatch(first, verified.get(first)).orElse("");
        throw new PolicyFailure(
            "signature by "
                + first.describe()
                + " does not satisfy policy: allOf rule '"
                + rule.describe()
                + "' not satisfied ("
                + why
                + ")",
            rejected);
      }
    }
    if (!policy.anyOf().isEmpty()) {
      Set<Signer> signers = new LinkedHashSet<>();
      for (PolicyRule rule : policy.anyOf()) {
        for (var e : verified.entrySet()) {
          if (rule.mismatch(e.getKey(), e.getValue()).isEmpty() && signers.add(e.getKey())) {
            matches.add(new VerificationResult.Match(e.getKey(), rule.describe()));
          }
        }
      }
      if (signers.size() < policy.minimumMatches()) {
        String why =
            policy.anyOf().size() == 1
                ? " (" + policy.anyOf().get(0).mismatch(first, verified.get(first)).orElse("") + ")"
                : "";
        throw new PolicyFailure(
            String.format(
                java.util.Locale.ROOT,
                "signature by %s does not satisfy policy: anyOf needs %d distinct signer(s)"
                    + " matching its rules, found %d%s",
                first.describe(),
                policy.minimumMatches(),
                signers.size(),
                why),
            rejected);
      }
    }
    return new VerificationResult(subject, digest, matches, false, rejected);
  }

  private static Optional<Signer> firstMatch(
      PolicyRule rule,
      Map<Signer, Map<String, String>> verified,
      List<VerificationResult.Match> matches) {
    for (var e : verified.entrySet()) {
      if (rule.mismatch(e.getKey(), e.getValue()).isEmpty()) {
        matches.add(new VerificationResult.Match(e.getKey(), rule.describe()));
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  private record Verified(Signer signer, Map<String, String> annotations) {}

  private Verified verifyOne(SignatureCandidate candidate, String manifestDigest)
      throws SignatureException {
    return switch (candidate) {
      case LegacySignature legacy -> verifyLegacy(legacy, manifestDigest);
      case SigstoreBundle bundle ->
          new Verified(
              requireKeyless(bundle.origin())
                  .verifyBundle(bundle, sha256Bytes(manifestDigest), policy.keys()),
              Map.of());
    };
  }

  private Verified verifyLegacy(LegacySignature legacy, String manifestDigest)
      throws SignatureException {
    SimpleSigningPayload payload = SimpleSigningPayload.parse(legacy.payload());
    payload.check(manifestDigest, policy.dockerReference());
    if (legacy.certificate().isPresent()) {
      return new Verified(
          requireKeyless(legacy.origin()).verifyLegacy(legacy), payload.annotations());
    }
    byte[] signature = legacy.signature();
    for (PublicKey key : policy.keys()) {
      if (keyless.isPresent()
          ? keyless.get().verifyKeySignature(key, legacy.payload(), signature)
          : PublicKeys.verify(key, legacy.payload(), signature)) {
        return new Verified(Signer.key(PublicKeys.fingerprint(key)), payload.annotations());
      }
    }
    throw new SignatureException(
        Reason.INVALID,
        "signature does not verify with any key of the policy ("
            + policy.keys().stream().map(PublicKeys::fingerprint).toList()
            + ")");
  }

  private KeylessVerifier requireKeyless(String origin) throws SignatureException {
    return keyless.orElseThrow(
        () ->
            new SignatureException(
                Reason.NO_KEYLESS,
                origin + " is a keyless signature; no keyless verifier is installed"));
  }

  static byte[] sha256Bytes(String digest) throws SignatureException {
    if (!digest.matches("sha256:[0-9a-f]{64}")) {
      throw new SignatureException(
          Reason.MALFORMED, "manifest digest should be sha256:<64 hex>, got " + digest);
    }
    return HexFormat.of().parseHex(digest.substring(7));
  }
}
