package dev.airlock.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryMtSettingsTest {
  private static final Path BASE = Path.of("/cfg");

  @Test
  void emailAndIssuer_withPemTrust_becomeACertificateIdentityRule() throws Exception {
    VerificationPolicy p =
        QueryMtSettings.toPolicy(
            Map.of(
                "cert_email", "dev@example.com",
                "cert_issuer", "https://accounts.google.com",
                "fulcio_certs", List.of("fulcio.pem"),
                "rekor_pub_keys", "rekor.pub"),
            BASE);
    assertThat(p.anyOf())
        .containsExactly(
            new PolicyRule.CertificateIdentity(
                Optional.of("dev@example.com"),
                Optional.empty(),
                Optional.of("https://accounts.google.com"),
                Optional.empty(),
                Map.of()));
    assertThat(p.trust().fulcioCerts()).containsExactly(Path.of("/cfg/fulcio.pem"));
    assertThat(p.trust().rekorKeys()).containsExactly(Path.of("/cfg/rekor.pub"));
    assertThat(p.trust().useTuf()).isFalse();
  }

  @Test
  void githubRepository_withTuf_requiresGithubIssuerAndRepositoryClaim() throws Exception {
    VerificationPolicy p =
        QueryMtSettings.toPolicy(
            Map.of("github_workflow_repository", "acme/plugins", "use_sigstore_tuf_data", true),
            BASE);
    PolicyRule rule = p.anyOf().get(0);
    Signer ok =
        new Signer(
            Signer.Kind.CERTIFICATE,
            "https://github.com/acme/plugins/.github/workflows/release.yml@refs/tags/v1",
            PolicyRule.GITHUB_ISSUER,
            Map.of("repository", "acme/plugins"));
    Signer other =
        new Signer(
            Signer.Kind.CERTIFICATE,
            "https://github.com/acme/plugins-fork/.github/workflows/release.yml@refs/tags/v1",
            PolicyRule.GITHUB_ISSUER,
            Map.of("repository", "acme/plugins-fork"));
    assertThat(rule.mismatch(ok, Map.of())).isEmpty();
    assertThat(rule.mismatch(other, Map.of())).isPresent();
  }

  @Test
  void certUrl_becomesAnExactUriSubject_underItsIssuer() throws Exception {
    String url = "https://github.com/acme/plugins/.github/workflows/release.yml@refs/heads/main";
    VerificationPolicy p =
        QueryMtSettings.toPolicy(
            Map.of(
                "cert_url",
                url,
                "cert_issuer",
                PolicyRule.GITHUB_ISSUER,
                "fulcio_certs",
                "fulcio.pem",
                "rekor_pub_keys",
                List.of("rekor.pub")),
            BASE);
    assertThat(p.anyOf())
        .containsExactly(
            new PolicyRule.CertificateIdentity(
                Optional.of(url),
                Optional.empty(),
                Optional.of(PolicyRule.GITHUB_ISSUER),
                Optional.empty(),
                Map.of()));
    PolicyRule rule = p.anyOf().get(0);
    Signer exact = new Signer(Signer.Kind.CERTIFICATE, url, PolicyRule.GITHUB_ISSUER, Map.of());
    String tag = url.replace("refs/heads/main", "refs/tags/v1");
    assertThat(rule.mismatch(exact, Map.of())).isEmpty();
    assertThat(
            rule.mismatch(
                new Signer(Signer.Kind.CERTIFICATE, tag, PolicyRule.GITHUB_ISSUER, Map.of()),
                Map.of()))
        .contains("subject should be " + url + ", found " + tag);
    assertThat(
            rule.mismatch(
                new Signer(Signer.Kind.CERTIFICATE, url, "https://accounts.google.com", Map.of()),
                Map.of()))
        .contains(
            "issuer should be " + PolicyRule.GITHUB_ISSUER + ", found https://accounts.google.com");
  }

  @Test
  void certUrl_withGithubRepository_defaultsToTheGithubIssuer_andRequiresTheClaim()
      throws Exception {
    String url = "https://github.com/acme/plugins/.github/workflows/release.yml@refs/heads/main";
    VerificationPolicy p =
        QueryMtSettings.toPolicy(
            Map.of(
                "cert_url",
                url,
                "github_workflow_repository",
                "acme/plugins",
                "use_sigstore_tuf_data",
                true),
            BASE);
    assertThat(p.anyOf())
        .containsExactly(
            new PolicyRule.CertificateIdentity(
                Optional.of(url),
                Optional.empty(),
                Optional.of(PolicyRule.GITHUB_ISSUER),
                Optional.empty(),
                Map.of("repository", "acme/plugins")));
  }

  @Test
  void emailAndUrlTogether_isRefused() {
    assertThatThrownBy(
            () ->
                QueryMtSettings.toPolicy(
                    Map.of(
                        "cert_email", "dev@example.com",
                        "cert_url", "https://github.com/acme/plugins/.github/workflows/r.yml",
                        "cert_issuer", "https://accounts.google.com",
                        "use_sigstore_tuf_data", true),
                    BASE))
        .isInstanceOf(SignatureException.class)
        .hasMessage(
            "[oci] sets both cert_email and cert_url; a certificate has one identity, keep one");
  }

  @Test
  void keylessWithoutIdentity_isAConfigurationError() {
    assertThatThrownBy(() -> QueryMtSettings.toPolicy(Map.of("use_sigstore_tuf_data", true), BASE))
        .isInstanceOf(SignatureException.class)
        .hasMessage(
            "[oci] enables keyless verification with no identity constraint, which would accept"
                + " any signer; set cert_email or cert_url (and cert_issuer), or"
                + " github_workflow_repository");
    assertThatThrownBy(
            () ->
                QueryMtSettings.toPolicy(
                    Map.of("cert_email", "a@b", "use_sigstore_tuf_data", true), BASE))
        .hasMessageStartingWith("[oci] cert_email/cert_url needs cert_issuer");
    assertThatThrownBy(
            () ->
                QueryMtSettings.toPolicy(
                    Map.of("cert_email", "a@b", "cert_issuer", "https://i"), BASE))
        .hasMessageStartingWith("[oci] keyless identity is set but no trust material");
    assertThatThrownBy(
            () -> QueryMtSettings.toPolicy(Map.of("insecure_skip_signature", "yes"), BASE))
        .hasMessage("[oci] insecure_skip_signature should be true or false, found yes");
  }

  @Test
  void insecureSkip_verifiesNothing_andSaysSo() throws Exception {
    VerificationPolicy p = QueryMtSettings.toPolicy(Map.of("insecure_skip_signature", true), BASE);
    VerificationResult r =
        SignatureVerifier.of(p, Optional.empty())
            .verify("oci://x", "sha256:" + "0".repeat(64), List.of());
    assertThat(r.skipped()).isTrue();
    assertThat(r.matches()).isEmpty();
  }
}
