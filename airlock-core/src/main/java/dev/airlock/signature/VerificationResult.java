package dev.airlock.signature;

import java.util.List;

/**
 * The outcome of a successful verification: which signers satisfied which rules.
 *
 * @param subject what was verified, e.g. {@code oci://registry/repo:tag}
 * @param manifestDigest the digest the signatures are for
 * @param matches each (signer, rule) pair that satisfied the policy
 * @param skipped true when the policy skips verification ({@code insecure_skip_signature})
 * @param rejected why other candidates did not count, one line each
 */
public record VerificationResult(
    String subject,
    String manifestDigest,
    List<Match> matches,
    boolean skipped,
    List<String> rejected) {
  /** Copies. */
  public VerificationResult {
    matches = List.copyOf(matches);
    rejected = List.copyOf(rejected);
  }

  /**
   * A signer and the rule it satisfied.
   *
   * @param signer who signed
   * @param rule the rule, as {@link PolicyRule#describe()}
   */
  public record Match(Signer signer, String rule) {}
}
