package dev.airlock.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.signature.PolicyFailure;
import dev.airlock.signature.PolicyRule;
import dev.airlock.signature.SignatureVerifier;
import dev.airlock.signature.SigstoreBundle;
import dev.airlock.signature.TrustMaterial;
import dev.airlock.signature.VerificationPolicy;
import dev.airlock.signature.VerificationResult;
import dev.airlock.testing.SharedTestdata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** sigstore-java's sample bundles (public-good instance) through Airlock's policy path. */
class SamplesTest {
  private static final String APPU = "appu@google.com";
  private static final String GOOGLE = "https://accounts.google.com";
  private static final String DSSE_ID =
      "https://github.com/loosebazooka/aa-test/.github/workflows/provenance.yaml@refs/heads/main";
  private Path dir;

  @BeforeEach
  void data() {
    Optional<Path> d = SharedTestdata.find("sigstore-java-samples");
    Assumptions.assumeTrue(d.isPresent(), SharedTestdata.MISSING);
    dir = d.get();
  }

  private VerificationResult verify(String bundle, PolicyRule rule) throws Exception {
    TrustMaterial trust =
        new TrustMaterial(
            Optional.of(dir.resolve("trusted_root.json")), List.of(), List.of(), false);
    VerificationPolicy p =
        new VerificationPolicy(List.of(), List.of(rule), 1, Optional.empty(), trust, false);
    return SignatureVerifier.of(p, Optional.of(SigstoreVerifier.create(trust, Clock.systemUTC())))
        .verify(
            bundle,
            Fixtures.sha256(dir.resolve("artifact.txt")),
            List.of(new SigstoreBundle(bundle, Files.readAllBytes(dir.resolve(bundle)))));
  }

  private static PolicyRule identity(String san, String issuer) {
    return new PolicyRule.CertificateIdentity(
        Optional.of(san), Optional.empty(), Optional.of(issuer), Optional.empty(), Map.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bundle.sigstore", "bundle.v3.sigstore", "bundle.v3_1.sigstore"})
  void sampleBundles_verify_andNameTheSigner(String bundle) throws Exception {
    VerificationResult r = verify(bundle, identity(APPU, GOOGLE));
    assertThat(r.matches().get(0).signer().identity()).isEqualTo(APPU);
    assertThat(r.matches().get(0).signer().issuer()).isEqualTo(GOOGLE);
  }

  @ParameterizedTest
  @CsvSource({
    "bundle.sigstore, someone@google.com, " + GOOGLE,
    "bundle.v3.sigstore, " + APPU + ", https://token.actions.githubusercontent.com"
  })
  void sanOrIssuerMismatch_isRefused(String bundle, String san, String issuer) {
    assertThatThrownBy(() -> verify(bundle, identity(san, issuer)))
        .isInstanceOf(PolicyFailure.class)
        .hasMessageStartingWith(
            "signature by appu@google.com (issuer https://accounts.google.com) does not satisfy"
                + " policy:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bundle-with-mismatched-set.sigstore", "bundle.v3.no.inclusion.sigstore"})
  void negativeSamples_areRefused(String bundle) {
    assertThatThrownBy(() -> verify(bundle, identity(APPU, GOOGLE)))
        .isInstanceOf(PolicyFailure.class)
        .hasMessage("No valid signatures found for " + bundle);
  }

  /**
   * {@code bundle-with-rekor-v2-entry.sigstore} is a message signature over artifact.txt (its
   * digest is artifact.txt's) logged in a Rekor v2 log ({@code hashedrekord/0.0.2}) with an RFC
   * 3161 timestamp, all made on Sigstore's staging instance: the log is {@code
   * log2025-alpha1.rekor.sigstage.dev}, the certificate's issuing intermediate (key id 71:86:30:…)
   * is staging's, and the timestamp is from a self-signed staging TSA. sigstore-java verifies it
   * with its staging trusted root, which the shared test data does not hold; the samples' {@code
   * trusted_root.json} is the public-good one. The Sigstore client specification makes the trusted
   * root the only source of trust (the certificate must chain to one of its CAs, each log entry
   * must come from one of its logs, each timestamp from one of its TSAs), so the right verdict here
   * is a refusal: a well-formed bundle from another Sigstore instance.
   */
  @org.junit.jupiter.api.Test
  void rekorV2Sample_fromTheStagingInstance_isRefusedUnderThePublicGoodRoot() throws Exception {
    String bundle = "bundle-with-rekor-v2-entry.sigstore";
    var tree =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve(bundle).toFile());
    assertThat(tree.at("/verificationMaterial/tlogEntries/0/kindVersion/version").asText())
        .isEqualTo("0.0.2");
    assertThat(
            "sha256:"
                + java.util.HexFormat.of()
                    .formatHex(
                        java.util.Base64.getDecoder()
                            .decode(tree.at("/messageSignature/messageDigest/digest").asText())))
        .as("it signs artifact.txt, so a refusal is about trust, not the artifact")
        .isEqualTo(Fixtures.sha256(dir.resolve("artifact.txt")));

    assertThatThrownBy(() -> verify(bundle, identity("aaronlew@google.com", GOOGLE)))
        .isInstanceOf(PolicyFailure.class)
        .hasMessage("No valid signatures found for " + bundle)
        .satisfies(
            e ->
                assertThat(((PolicyFailure) e).rejected())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .startsWith(bundle + ": bundle " + bundle + " ")
                    .contains("Certificate was not verifiable against CAs"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bundle.sigstore"})
  void signatureForAnotherArtifact_isRefused(String bundle) throws Exception {
    TrustMaterial trust =
        new TrustMaterial(
            Optional.of(dir.resolve("trusted_root.json")), List.of(), List.of(), false);
    VerificationPolicy p =
        new VerificationPolicy(
            List.of(), List.of(identity(APPU, GOOGLE)), 1, Optional.empty(), trust, false);
    var v = SignatureVerifier.of(p, Optional.of(SigstoreVerifier.create(trust, Clock.systemUTC())));
    assertThatThrownBy(
            () ->
                v.verify(
                    "b",
                    "sha256:" + "0".repeat(64),
                    List.of(new SigstoreBundle(bundle, Files.readAllBytes(dir.resolve(bundle))))))
        .hasMessage("No valid signatures found for b");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bundle.dsse.sigstore"})
  void dsseSample_withGithubActionRule(String bundle) throws Exception {
    Assumptions.assumeTrue(Files.exists(dir.resolve(bundle)));
    // The DSSE sample's in-toto subject is not artifact.txt; verify against its own subject digest.
    var tree =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve(bundle).toFile());
    byte[] payload =
        java.util.Base64.getDecoder().decode(tree.at("/dsseEnvelope/payload").asText());
    String subject =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(payload)
            .at("/subject/0/digest/sha256")
            .asText();
    TrustMaterial trust =
        new TrustMaterial(
            Optional.of(dir.resolve("trusted_root.json")), List.of(), List.of(), false);
    VerificationPolicy p =
        new VerificationPolicy(
            List.of(),
            List.of(new PolicyRule.GithubAction("loosebazooka", Optional.of("aa-test"))),
            1,
            Optional.empty(),
            trust,
            false);
    VerificationResult r =
        SignatureVerifier.of(p, Optional.of(SigstoreVerifier.create(trust, Clock.systemUTC())))
            .verify(
                bundle,
                "sha256:" + subject,
                List.of(new SigstoreBundle(bundle, Files.readAllBytes(dir.resolve(bundle)))));
    assertThat(r.matches().get(0).signer().identity()).isEqualTo(DSSE_ID);
    assertThat(r.matches().get(0).signer().claims())
        .containsEntry("repository", "loosebazooka/aa-test");
    assertThat(r.matches().get(0).rule()).isEqualTo("githubAction loosebazooka/aa-test");
  }
}
