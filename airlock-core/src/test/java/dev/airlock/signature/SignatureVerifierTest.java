package dev.airlock.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

  private static final Signer WORKFLOW =
      new Signer(
          Signer.Kind.CERTIFICATE,
          "https://github.com/acme/plugins/.github/workflows/release.yml@refs/heads/main",
          PolicyRule.GITHUB_ISSUER,
          Map.of(
              "repository", "acme/plugins",
              "ref", "refs/heads/main",
              "sha", "a".repeat(40),
              "workflow-name", "release",
              "trigger", "push"));
  private static final Signer EMAIL =
      new Signer(
          Signer.Kind.CERTIFICATE, "alice@example.com", "https://accounts.google.com", Map.of());

  private static PolicyRule identity(
      String subjectRegexp, String issuerRegexp, Map<String, String> claims) {
    return new PolicyRule.CertificateIdentity(
        Optional.empty(),
        Optional.ofNullable(subjectRegexp).map(Pattern::compile),
        Optional.empty(),
        Optional.ofNullable(issuerRegexp).map(Pattern::compile),
        claims);
  }

  private static Map<String, String> workflowClaims(String key, String value) {
    Map<String, String> c = new HashMap<>(WORKFLOW.claims());
    c.put(key, value);
    return c;
  }

  /** Signer, rule, and the reason it is refused ("" when it matches). */
  static Stream<Arguments> identityCases() {
    String gh = "https://token\\.actions\\.githubusercontent\\.com";
    String acme = "https://github\\.com/acme/plugins/.*";
    return Stream.of(
        Arguments.of(
            "every workflow claim matches", WORKFLOW, identity(acme, gh, WORKFLOW.claims()), ""),
        Arguments.of(
            "repository",
            WORKFLOW,
            identity(acme, gh, workflowClaims("repository", "acme/other")),
            "certificate repository should be acme/other, found acme/plugins"),
        Arguments.of(
            "ref",
            WORKFLOW,
            identity(acme, gh, workflowClaims("ref", "refs/tags/v1")),
            "certificate ref should be refs/tags/v1, found refs/heads/main"),
        Arguments.of(
            "sha",
            WORKFLOW,
            identity(acme, gh, workflowClaims("sha", "b".repeat(40))),
            "certificate sha should be " + "b".repeat(40) + ", found " + "a".repeat(40)),
        Arguments.of(
            "workflow name",
            WORKFLOW,
            identity(acme, gh, workflowClaims("workflow-name", "nightly")),
            "certificate workflow-name should be nightly, found release"),
        Arguments.of(
            "trigger",
            WORKFLOW,
            identity(acme, gh, workflowClaims("trigger", "pull_request_target")),
            "certificate trigger should be pull_request_target, found push"),
        Arguments.of(
            "claim the certificate lacks",
            EMAIL,
            identity(".*@example\\.com", ".*", Map.of("repository", "acme/plugins")),
            "certificate repository should be acme/plugins, found none"),
        Arguments.of(
            "SAN regexp, other repository",
            WORKFLOW,
            identity("https://github\\.com/evil/.*", gh, Map.of()),
            "subject should match /https://github\\.com/evil/.*/, found " + WORKFLOW.identity()),
        Arguments.of(
            "SAN regexp must match the whole SAN, not a part",
            WORKFLOW,
            identity("https://github\\.com/acme", gh, Map.of()),
            "subject should match /https://github\\.com/acme/, found " + WORKFLOW.identity()),
        Arguments.of(
            "e-mail SAN regexp", EMAIL, identity(".*@example\\.com", ".*google.*", Map.of()), ""),
        Arguments.of(
            "e-mail SAN regexp, other domain",
            EMAIL,
            identity(".*@example\\.org", ".*google.*", Map.of()),
            "subject should match /.*@example\\.org/, found alice@example.com"),
        Arguments.of(
            "e-mail SAN regexp, a prefix of the domain",
            EMAIL,
            identity(".*@example\\.co", ".*google.*", Map.of()),
            "subject should match /.*@example\\.co/, found alice@example.com"),
        Arguments.of(
            "issuer regexp, other issuer",
            WORKFLOW,
            identity(acme, "https://accounts\\.google\\.com", Map.of()),
            "issuer should match /https://accounts\\.google\\.com/, found "
                + PolicyRule.GITHUB_ISSUER),
        Arguments.of(
            "issuer regexp must match the whole issuer",
            WORKFLOW,
            identity(acme, "https://token", Map.of()),
            "issuer should match /https://token/, found " + PolicyRule.GITHUB_ISSUER),
        Arguments.of(
            "githubAction, other repository",
            WORKFLOW,
            new PolicyRule.GithubAction("acme", Optional.of("other")),
            "workflow should be under https://github.com/acme/other/, found "
                + WORKFLOW.identity()),
        Arguments.of(
            "githubAction, repository claim of another owner",
            new Signer(
                Signer.Kind.CERTIFICATE,
                WORKFLOW.identity(),
                PolicyRule.GITHUB_ISSUER,
                Map.of("repository", "evil/plugins")),
            new PolicyRule.GithubAction("acme", Optional.empty()),
            "repository claim evil/plugins is not owned by acme"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identityCases")
  void keylessIdentityConstraints_matchOrRefuseNamingExpectedAndFound(
      String name, Signer signer, PolicyRule rule, String refusal) throws Exception {
    SignatureVerifier v =
        SignatureVerifier.of(
            policy(List.of(), List.of(rule), 1), Optional.of(new FakeKeyless(signer)));
    List<SignatureCandidate> bundle = List.of(new SigstoreBundle("referrer x", new byte[] {1}));

    if (refusal.isEmpty()) {
      assertThat(v.verify("oci://r", D, bundle).matches())
          .singleElement()
          .satisfies(m -> assertThat(m.signer()).isEqualTo(signer))
          .satisfies(m -> assertThat(m.rule()).isEqualTo(rule.describe()));
    } else {
      assertThatThrownBy(() -> v.verify("oci://r", D, bundle))
          .isInstanceOf(PolicyFailure.class)
          .hasMessage(
              "signature by "
                  + signer.describe()
                  + " does not satisfy policy: anyOf needs 1 distinct signer(s) matching its"
                  + " rules, found 0 ("
                  + refusal
                  + ")");
    }
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
