package dev.airlock.oci.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.PullVerifier;
import dev.airlock.signature.SignatureException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's {@code [oci]} table: what each form gives and what is refused. */
class OciVerificationTest {
  @TempDir Path tmp;

  private PullVerifier of(Map<String, ?> t) throws Exception {
    return OciVerification.fromSettings(t, tmp, Clock.systemUTC());
  }

  @Test
  void noTable_meansDigestsOnly() throws Exception {
    assertThat(of(Map.of())).isSameAs(PullVerifier.NONE);
  }

  @Test
  void unknownKey_isRefusedNamingTheKnownOnes() {
    assertThatThrownBy(() -> of(Map.of("cert_mail", "a@b")))
        .isInstanceOf(SignatureException.class)
        .hasMessageStartingWith("[oci] has an unknown key 'cert_mail' (known keys: [cert_email,");
  }

  @Test
  void policyWithQueryMtKeys_isRefused() {
    assertThatThrownBy(() -> of(Map.of("policy", "p.yaml", "cert_email", "a@b")))
        .isInstanceOf(SignatureException.class)
        .hasMessage(
            "[oci] sets policy and [cert_email]; put everything in the policy file, or use the"
                + " QueryMT keys alone");
  }

  @Test
  void keylessWithoutIdentity_isAConfigurationError() {
    assertThatThrownBy(() -> of(Map.of("use_sigstore_tuf_data", true)))
        .isInstanceOf(SignatureException.class)
        .hasMessageContaining("no identity constraint, which would accept any signer");
  }

  @Test
  void insecureSkip_givesARecordingVerifierThatReadsNothing() throws Exception {
    Map<String, Object> t = Map.of("insecure_skip_signature", true);
    assertThat(OciVerification.skips(t)).isTrue();
    PullVerifier v = of(t);
    assertThat(v.name()).startsWith("signatures:oci:");
    assertThat(v.records()).isTrue();
  }

  @Test
  void insecureSkip_asksTheRegistryNothing_andReportsSkipped_onPullAndCachedReverify()
      throws Exception {
    java.util.List<dev.airlock.signature.VerificationResult> seen = new java.util.ArrayList<>();
    SignaturePullVerifier v =
        ((SignaturePullVerifier) of(Map.of("insecure_skip_signature", true))).onVerified(seen::add);
    try (dev.airlock.oci.FakeRegistries.Fake reg = dev.airlock.oci.FakeRegistries.empty()) {
      dev.airlock.oci.Reference ref =
          dev.airlock.oci.Reference.parse("oci://" + reg.host() + "/a:1");
      dev.airlock.oci.Digest d = dev.airlock.oci.Digest.sha256(new byte[] {1});
      byte[] material =
          v.verifyRecording(
                  ref,
                  d,
                  dev.airlock.oci.RegistryClient.create(
                      dev.airlock.oci.RegistryConfig.builder().build()))
              .orElseThrow();
      v.reverify(ref, d, material);
      assertThat(reg.requests()).isZero();
    }
    assertThat(seen).hasSize(2).allSatisfy(r -> assertThat(r.skipped()).isTrue());
  }

  @Test
  void policyFile_nameFollowsItsContent() throws Exception {
    String pem =
        dev.airlock.signature.PublicKeys.toPem(
                dev.airlock.signature.SigningKeys.generateEcdsaP256().getPublic())
            .strip()
            .replace("\n", "\n        ");
    Files.writeString(
        tmp.resolve("p.yaml"),
        "anyOf:\n  signatures:\n    - kind: pubKey\n      key: |\n        " + pem + "\n");
    String first = of(Map.of("policy", "p.yaml")).name();
    Files.writeString(tmp.resolve("p.yaml"), Files.readString(tmp.resolve("p.yaml")) + "\n");
    assertThat(of(Map.of("policy", "p.yaml")).name())
        .startsWith("signatures:policy:")
        .isNotEqualTo(first);
  }
}
