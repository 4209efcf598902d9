package dev.airlock.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.signature.LegacySignature;
import dev.airlock.signature.PolicyFailure;
import dev.airlock.signature.PolicyRule;
import dev.airlock.signature.SignatureVerifier;
import dev.airlock.signature.Signer;
import dev.airlock.signature.TrustMaterial;
import dev.airlock.signature.VerificationPolicy;
import dev.airlock.signature.VerificationResult;
import dev.airlock.testing.SharedTestdata;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cosign's older keyless {@code .sig} signature (certificate + SET, no inclusion proof), a real one
 * from containers/image, verified by Airlock's own check with PEM or trusted-root trust material.
 */
class LegacyKeylessTest {
  private static final String ISSUER = "https://github.com/login/oauth";
  private Path dir;
  private LegacySignature sig;
  private String digest;

  @BeforeEach
  void data() throws Exception {
    Optional<Path> d = SharedTestdata.find("cosign-containers-image");
    Assumptions.assumeTrue(d.isPresent(), SharedTestdata.MISSING);
    dir = d.get();
    sig = Fixtures.signature(dir.resolve("dir-img-cosign-fulcio-rekor-valid/signature-1"));
    digest = Fixtures.sha256(dir.resolve("dir-img-cosign-fulcio-rekor-valid/manifest.json"));
  }

  @TempDir Path tmp;

  /**
   * Fulcio certificate and Rekor key as PEM files. The fixture's rekor.pub is a dangling symlink
   * stored as text, so the public-good Rekor key is written from the samples' trusted root.
   */
  private TrustMaterial pems() throws Exception {
    Path root =
        SharedTestdata.find("sigstore-java-samples").orElseThrow().resolve("trusted_root.json");
    var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(root.toFile());
    Path rekor =
        java.nio.file.Files.writeString(
            tmp.resolve("rekor.pub"),
            "-----BEGIN PUBLIC KEY-----\n"
                + tree.at("/tlogs/0/publicKey/rawBytes").asText()
                + "\n-----END PUBLIC KEY-----\n");
    return new TrustMaterial(
        Optional.empty(), List.of(dir.resolve("fulcio_v1.crt.pem")), List.of(rekor), false);
  }

  private VerificationResult verify(
      TrustMaterial trust, String email, String issuer, LegacySignature s) throws Exception {
    PolicyRule rule =
        new PolicyRule.CertificateIdentity(
            Optional.of(email), Optional.empty(), Optional.of(issuer), Optional.empty(), Map.of());
    VerificationPolicy p =
        new VerificationPolicy(List.of(), List.of(rule), 1, Optional.empty(), trust, false);
    return SignatureVerifier.of(p, Optional.of(SigstoreVerifier.create(trust, Clock.systemUTC())))
        .verify("oci://fulcio-rekor-1", digest, List.of(s));
  }

  @Test
  void realLegacyKeylessSignature_verifiesWithPemTrust_andNamesTheSigner() throws Exception {
    VerificationResult r = verify(pems(), "mitr@redhat.com", ISSUER, sig);

    assertThat(r.matches()).hasSize(1);
    Signer s = r.matches().get(0).signer();
    assertThat(s.identity()).isEqualTo("mitr@redhat.com");
    assertThat(s.issuer()).isEqualTo(ISSUER);
    assertThat(r.matches().get(0).rule())
        .isEqualTo("certificate subject mitr@redhat.com issuer " + ISSUER);
  }

  @Test
  void realLegacyKeylessSignature_verifiesWithPublicGoodTrustedRoot_includingSct()
      throws Exception {
    Path root =
        SharedTestdata.find("sigstore-java-samples").orElseThrow().resolve("trusted_root.json");
    TrustMaterial trust = new TrustMaterial(Optional.of(root), List.of(), List.of(), false);
    assertThat(verify(trust, "mitr@redhat.com", ISSUER, sig).matches()).hasSize(1);
  }

  @Test
  void sanMismatch_isRefusedNamingTheSigner() throws Exception {
    TrustMaterial trust = pems();
    assertThatThrownBy(() -> verify(trust, "someone@example.com", ISSUER, sig))
        .isInstanceOf(PolicyFailure.class)
        .hasMessage(
            "signature by mitr@redhat.com (issuer https://github.com/login/oauth) does not satisfy"
                + " policy: anyOf needs 1 distinct signer(s) matching its rules, found 0 (subject"
                + " should be someone@example.com, found mitr@redhat.com)");
  }

  @Test
  void issuerMismatch_isRefused() throws Exception {
    TrustMaterial trust = pems();
    assertThatThrownBy(() -> verify(trust, "mitr@redhat.com", "https://accounts.google.com", sig))
        .hasMessageContaining(
            "(issuer should be https://accounts.google.com, found https://github.com/login/oauth)");
  }

  @Test
  void anotherSigstoreInstance_rekorKeyNotTrusted_isRefused() throws Exception {
    // Trust the cosign test key as the only "Rekor" key: the SET was made by another instance.
    TrustMaterial other =
        new TrustMaterial(
            Optional.empty(),
            List.of(dir.resolve("fulcio_v1.crt.pem")),
            List.of(dir.resolve("cosign.pub")),
            false);
    assertThatThrownBy(() -> verify(other, "mitr@redhat.com", ISSUER, sig))
        .isInstanceOfSatisfying(
            PolicyFailure.class,
            e ->
                assertThat(e.rejected())
                    .singleElement()
                    .asString()
                    .endsWith("was logged by a Rekor instance the trusted root does not list"));
  }

  @Test
  void tamperedSetOrPayload_isRefused() throws Exception {
    TrustMaterial trust = pems();
    Map<String, String> a = new HashMap<>(sig.annotations());
    a.put(
        LegacySignature.BUNDLE,
        a.get(LegacySignature.BUNDLE).replace("\"logIndex\":11605770", "\"logIndex\":11605771"));
    LegacySignature badSet = new LegacySignature("tampered", sig.payload(), a);
    assertThatThrownBy(() -> verify(trust, "mitr@redhat.com", ISSUER, badSet))
        .isInstanceOfSatisfying(
            PolicyFailure.class,
            e ->
                assertThat(e.rejected().get(0))
                    .endsWith("Rekor signed entry timestamp does not verify with the log's key"));
  }
}
