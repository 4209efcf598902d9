package dev.airlock.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Policy evaluation with our own key signatures and, for keyless, a fake verifier (unit test). */
class SignatureVerifierTest {
  private static final String D = "sha256:" + "12".repeat(32);
  private static final KeyPair A = SigningKeys.generateEcdsaP256();
  private static final KeyPair B = SigningKeys.generateEcdsaP256();

  private static LegacySignature signed(KeyPair k, String digest, Map<String, String> ann) {
    byte[] payload = SimpleSigningPayload.of(digest, "reg/repo", ann).toBytes();
    return SignatureDocuments.legacyLayer(
        payload, SigningKeys.sign(k.getPrivate(), payload), Optional.empty());
  }

  private static PolicyRule key(KeyPair k, Map<String, String> ann) {
    return new PolicyRule.PubKey(k.getPublic(), ann);
  }

  private static VerificationPolicy policy(List<PolicyRule> all, List<PolicyRule> any, int min) {
    return new VerificationPolicy(all, any, min, Optional.empty(), TrustMaterial.NONE, false);
  }

  @Test
  void minimumMatches_countsDistinctSigners_notSignatures() throws Exception {
    VerificationPolicy two = policy(List.of(), List.of(key(A, Map.of()), key(B, Map.of())), 2);
    SignatureVerifier v = SignatureVerifier.of(two, Optional.empty());

    assertThatThrownBy(
            () ->
                v.verify(
                    "oci://r", D, List.of(signed(A, D, Map.of()), signed(A, D, Map.of("x", "1")))))
        .hasMessage(
            "signature by key "
                + PublicKeys.fingerprint(A.getPublic())
                + " does not satisfy policy: anyOf needs 2 distinct signer(s) matching its rules,"
                + " found 1");
    VerificationResult r =
        v.verify("oci://r", D, List.of(signed(A, D, Map.of()), signed(B, D, Map.of())));
    assertThat(r.matches())
        .extracting(m -> m.signer().identity())
        .containsExactly(
            PublicKeys.fingerprint(A.getPublic()), PublicKeys.fingerprint(B.getPublic()));
  }

  @Test
  void allOf_annotationMismatch_namesSignerRuleAndValue() throws Exception {
    VerificationPolicy p = policy(List.of(key(A, Map.of("env", "prod"))), List.of(), 1);
    SignatureVerifier v = SignatureVerifier.of(p, Optional.empty());

    assertThatThrownBy(() -> v.verify("oci://r", D, List.of(signed(A, D, Map.of("env", "dev")))))
        .isInstanceOf(PolicyFailure.class)
        .hasMessage(
            "signature by key "
                + PublicKeys.fingerprint(A.getPublic())
                + " does not satisfy policy: allOf rule 'pubKey "
                + PublicKeys.fingerprint(A.getPublic())
                + "' not satisfied (annotation env should be 'prod', found 'dev')");
    assertThat(v.verify("oci://r", D, List.of(signed(A, D, Map.of("env", "prod")))).matches())
        .hasSize(1);
  }

  @Test
  void noCandidates_orOnlyForgeries_sayNoValidSignatures() throws Exception {
    SignatureVerifier v =
        SignatureVerifier.of(policy(List.of(key(A, Map.of())), List.of(), 1), Optional.empty());
    assertThatThrownBy(() -> v.verify("oci://r:1", D, List.of()))
        .hasMessage("No valid signatures found for oci://r:1");
    LegacySignature good = signed(A, D, Map.of());
    var tampered = new java.util.HashMap<>(good.annotations());
    tampered.put(LegacySignature.SIGNATURE, "AAAA");
    assertThatThrownBy(
            () ->
                v.verify(
                    "oci://r:1", D, List.of(new LegacySignature("l", good.payload(), tampered))))
        .hasMessage("No valid signatures found for oci://r:1");
  }

  /** A fake keyless verifier returning a fixed identity (unit test only). */
  private record FakeKeyless(Signer signer) implements KeylessVerifier {
    @Override
    public Signer verifyLegacy(LegacySignature signature) {
      return signer;
    }

    @Override
    public Signer verifyBundle(SigstoreBundle bundle, byte[] digest, List<PublicKey> keys) {
      return signer;
    }
  }

  @Test
  void keylessSigner_mismatchedIssuer_isRefusedNamingIdentity() throws Exception {
    Signer alice =
        new Signer(Signer.Kind.CERTIFICATE, "alice@example.com", "https://evil.example", Map.of());
    VerificationPolicy p =
        policy(
            List.of(),
            List.of(
                new PolicyRule.GenericIssuer(
                    "https://accounts.google.com",
                    Optional.of("alice@example.com"),
                    Optional.empty())),
            1);
    SignatureVerifier v = SignatureVerifier.of(p, Optional.of(new FakeKeyless(alice)));

    assertThatThrownBy(
            () -> v.verify("oci://r", D, List.of(new SigstoreBundle("referrer x", new byte[] {1}))))
        .hasMessage(
            "signature by alice@example.com (issuer https://evil.example) does not satisfy policy:"
                + " anyOf needs 1 distinct signer(s) matching its rules, found 0 (issuer should be"
                + " https://accounts.google.com, found https://evil.example)");
  }

  @Test
  void keylessPolicy_withoutKeylessVerifier_isAConfigurationError() {
    VerificationPolicy p =
        policy(List.of(new PolicyRule.GithubAction("acme", Optional.empty())), List.of(), 1);
    assertThatThrownBy(() -> SignatureVerifier.of(p, Optional.empty()))
        .hasMessage(
            "the policy has keyless rules but no keyless verifier is installed; add the"
                + " airlock-sigstore module");
  }
}
