package dev.airlock.signature;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which signatures a manifest needs, in the shape Kubewarden uses: every {@code allOf} rule must be
 * satisfied, and at least {@code minimumMatches} distinct signers must each satisfy some {@code
 * anyOf} rule.
 *
 * @param allOf rules that must all be satisfied
 * @param anyOf rules of which {@code minimumMatches} distinct signers must satisfy one
 * @param minimumMatches at least 1 when {@code anyOf} is not empty
 * @param dockerReference when present, legacy payloads must name this repository
 * @param trust keyless trust material
 * @param insecureSkip skip verification entirely (QueryMT {@code insecure_skip_signature}); every
 *     use logs a warning
 */
public record VerificationPolicy(
    List<PolicyRule> allOf,
    List<PolicyRule> anyOf,
    int minimumMatches,
    Optional<String> dockerReference,
    TrustMaterial trust,
    boolean insecureSkip) {
  /** Validates: some rule unless skipping; keyless rules need trust material. */
  public VerificationPolicy {
    allOf = List.copyOf(allOf);
    anyOf = List.copyOf(anyOf);
    Objects.requireNonNull(dockerReference, "dockerReference");
    Objects.requireNonNull(trust, "trust");
    if (!insecureSkip && allOf.isEmpty() && anyOf.isEmpty()) {
      throw new IllegalArgumentException("a verification policy needs at least one rule");
    }
    if (!anyOf.isEmpty() && (minimumMatches < 1 || minimumMatches > anyOf.size() * 1000)) {
      throw new IllegalArgumentException(
          "minimumMatches should be at least 1, got " + minimumMatches);
    }
  }

  /**
   * A policy accepting signatures by any one of these keys.
   *
   * @param keys public keys
   * @return the policy
   */
  public static VerificationPolicy anyKey(List<java.security.PublicKey> keys) {
    return new VerificationPolicy(
        List.of(),
        keys.stream().<PolicyRule>map(k -> new PolicyRule.PubKey(k, java.util.Map.of())).toList(),
        1,
        Optional.empty(),
        TrustMaterial.NONE,
        false);
  }

  /**
   * Whether some rule needs keyless verification.
   *
   * @return true when a rule is not a {@link PolicyRule.PubKey}
   */
  public boolean needsKeyless() {
    return java.util.stream.Stream.concat(allOf.stream(), anyOf.stream())
        .anyMatch(r -> !(r instanceof PolicyRule.PubKey));
  }

  /**
   * The keys of all {@link PolicyRule.PubKey} rules.
   *
   * @return keys, in rule order
   */
  public List<java.security.PublicKey> keys() {
    return java.util.stream.Stream.concat(allOf.stream(), anyOf.stream())
        .filter(r -> r instanceof PolicyRule.PubKey)
        .map(r -> ((PolicyRule.PubKey) r).key())
        .distinct()
        .toList();
  }
}
