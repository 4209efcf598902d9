package dev.airlock.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PolicyParserTest {
  private static final KeyPair KEY = SigningKeys.generateEcdsaP256();

  private static String indentedKey(String indent) {
    return PublicKeys.toPem(KEY.getPublic()).strip().replace("\n", "\n" + indent);
  }

  private static VerificationPolicy parse(String yaml) throws SignatureException {
    return PolicyParser.parse(
        yaml.getBytes(StandardCharsets.UTF_8), "policy.yaml", Path.of("/etc/airlock"));
  }

  @Test
  void kubewardenPolicy_isRead() throws Exception {
    VerificationPolicy p =
        parse(
            """
            apiVersion: v1
            kind: Verification
            allOf:
              - kind: pubKey
                owner: release
                key: |
                  %s
                annotations:
                  env: prod
            anyOf:
              minimumMatches: 2
              signatures:
                - kind: genericIssuer
                  issuer: https://accounts.google.com
                  subject:
                    equal: alice@example.com
                - kind: githubAction
                  owner: acme
                  repo: plugins
                - kind: genericIssuer
                  issuer: https://token.actions.githubusercontent.com
                  subject:
                    urlPrefix: https://github.com/acme
            trust:
              trustedRoot: trusted_root.json
              useSigstoreTufData: false
            """
                .formatted(indentedKey("      ")));

    assertThat(p.allOf()).singleElement().isInstanceOf(PolicyRule.PubKey.class);
    assertThat(((PolicyRule.PubKey) p.allOf().get(0)).annotations()).containsEntry("env", "prod");
    assertThat(p.anyOf())
        .containsExactly(
            new PolicyRule.GenericIssuer(
                "https://accounts.google.com", Optional.of("alice@example.com"), Optional.empty()),
            new PolicyRule.GithubAction("acme", Optional.of("plugins")),
            new PolicyRule.GenericIssuer(
                PolicyRule.GITHUB_ISSUER,
                Optional.empty(),
                Optional.of("https://github.com/acme/")));
    assertThat(p.minimumMatches()).isEqualTo(2);
    assertThat(p.trust().trustedRoot()).contains(Path.of("/etc/airlock/trusted_root.json"));
  }

  @Test
  void unknownField_isAnErrorWithItsPosition() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    anyOf:
                      signatures:
                        - kind: githubAction
                          owner: acme
                          repository: plugins
                    """))
        .hasMessage(
            "policy.yaml: anyOf.signatures[0].repository (line 5, column 7) is not a known field"
                + " (expected one of [kind, owner, repo])");
    assertThatThrownBy(() -> parse("allOff: []\n"))
        .hasMessage(
            "policy.yaml: allOff (line 1, column 1) is not a known field (expected one of"
                + " [allOf, anyOf, apiVersion, dockerReference, kind, trust])");
  }

  @Test
  void hostilePolicies_areRefusedWithReasons() {
    assertThatThrownBy(
            () ->
                parse(
                    "anyOf:\n  minimumMatches: 3\n  signatures:\n    - kind: githubAction\n      owner: a\n"))
        .hasMessage(
            "policy.yaml: anyOf.minimumMatches (line 2, column 3) should be a whole number from 1"
                + " to 1 (the number of anyOf signatures), found 3");
    assertThatThrownBy(() -> parse("allOf:\n  - kind: url\n    url: x\n"))
        .hasMessage(
            "policy.yaml: allOf[0].kind (line 2, column 5) should be pubKey, genericIssuer,"
                + " githubAction or certificateIdentity, found url");
    assertThatThrownBy(
            () ->
                parse(
                    "allOf:\n  - kind: genericIssuer\n    issuer: i\n    subject:\n      equal: a\n      urlPrefix: b\n"))
        .hasMessage(
            "policy.yaml: allOf[0].subject (line 4, column 5) needs exactly one of equal and urlPrefix");
    assertThatThrownBy(() -> parse("allOf:\n  - kind: pubKey\n    key: nope\n"))
        .hasMessage(
            "public key in allOf[0].key (line 3, column 5) should be PEM with a '-----BEGIN PUBLIC"
                + " KEY-----' block");
    assertThatThrownBy(() -> parse("apiVersion: v1\n"))
        .hasMessage("policy.yaml has no rules; give allOf and/or anyOf signatures");
    assertThatThrownBy(() -> parse("allOf: [\n"))
        .hasMessageStartingWith("policy.yaml is not valid YAML/JSON (line");
    assertThatThrownBy(() -> parse("a: 1\na: 2\n"))
        .hasMessageStartingWith("policy.yaml is not valid YAML/JSON");
  }

  @Test
  void certificateIdentity_extension_isRead_andItsClaimsDecide() throws Exception {
    VerificationPolicy p =
        parse(
            """
            anyOf:
              signatures:
                - kind: certificateIdentity
                  identityRegexp: 'https://github\\.com/acme/.*'
                  issuer: https://token.actions.githubusercontent.com
                  githubWorkflow:
                    repository: acme/plugins
                    ref: refs/heads/main
                    sha: 0123456789abcdef0123456789abcdef01234567
                    name: release
                    trigger: push
                - kind: certificateIdentity
                  identity: alice@example.com
                  issuerRegexp: 'https://accounts\\.google\\.com'
            trust:
              trustedRoot: trusted_root.json
            """);

    PolicyRule.CertificateIdentity wf = (PolicyRule.CertificateIdentity) p.anyOf().get(0);
    assertThat(wf.subjectRegexp().orElseThrow().pattern())
        .isEqualTo("https://github\\.com/acme/.*");
    assertThat(wf.issuer()).contains(PolicyRule.GITHUB_ISSUER);
    assertThat(wf.claims())
        .containsOnly(
            java.util.Map.entry("repository", "acme/plugins"),
            java.util.Map.entry("ref", "refs/heads/main"),
            java.util.Map.entry("sha", "0123456789abcdef0123456789abcdef01234567"),
            java.util.Map.entry("workflow-name", "release"),
            java.util.Map.entry("trigger", "push"));
    PolicyRule.CertificateIdentity mail = (PolicyRule.CertificateIdentity) p.anyOf().get(1);
    assertThat(mail.subject()).contains("alice@example.com");
    assertThat(mail.issuerRegexp().orElseThrow().pattern())
        .isEqualTo("https://accounts\\.google\\.com");

    java.util.Map<String, String> claims = new java.util.HashMap<>(wf.claims());
    Signer signer =
        new Signer(
            Signer.Kind.CERTIFICATE,
            "https://github.com/acme/plugins/.github/workflows/release.yml@refs/heads/main",
            PolicyRule.GITHUB_ISSUER,
            claims);
    assertThat(wf.mismatch(signer, java.util.Map.of())).isEmpty();
    claims.put("trigger", "pull_request_target");
    assertThat(
            wf.mismatch(
                new Signer(signer.kind(), signer.identity(), signer.issuer(), claims),
                java.util.Map.of()))
        .contains("certificate trigger should be push, found pull_request_target");
  }

  @Test
  void certificateIdentity_extension_isStrict() {
    String head = "anyOf:\n  signatures:\n    - kind: certificateIdentity\n";
    assertThatThrownBy(
            () ->
                parse(
                    head
                        + "      identity: a@b\n      issuer: i\n      githubWorkflow:\n"
                        + "        branch: main\n"))
        .hasMessage(
            "policy.yaml: anyOf.signatures[0].githubWorkflow.branch (line 7, column 9) is not a"
                + " known field (expected one of [name, ref, repository, sha, trigger])");
    assertThatThrownBy(() -> parse(head + "      identity: a@b\n      subject: a@b\n"))
        .hasMessage(
            "policy.yaml: anyOf.signatures[0].subject (line 5, column 7) is not a known field"
                + " (expected one of [githubWorkflow, identity, identityRegexp, issuer,"
                + " issuerRegexp, kind])");
    assertThatThrownBy(() -> parse(head + "      identity: a@b\n"))
        .hasMessage(
            "policy.yaml: anyOf.signatures[0] needs exactly one of issuer and"
                + " issuerRegexp (an identity without its issuer can be claimed at any OIDC"
                + " provider)");
    assertThatThrownBy(
            () -> parse(head + "      identity: a@b\n      identityRegexp: a.*\n      issuer: i\n"))
        .hasMessage(
            "policy.yaml: anyOf.signatures[0] gives identity and" + " identityRegexp; keep one");
    assertThatThrownBy(
            () ->
                parse(
                    head
                        + "      issuer: i\n      githubWorkflow:\n        ref: refs/heads/main\n"))
        .hasMessage(
            "policy.yaml: anyOf.signatures[0] needs identity, identityRegexp or"
                + " githubWorkflow.repository (else any signer of the issuer would match)");
    assertThatThrownBy(() -> parse(head + "      identityRegexp: '(unclosed'\n      issuer: i\n"))
        .hasMessage(
            "policy.yaml: anyOf.signatures[0].identityRegexp (line 4, column 7) is not a valid"
                + " regular expression: Unclosed group near index 9 of '(unclosed'");
  }

  @Test
  void ctLogKeys_goWithFulcioCerts_only() throws Exception {
    String rule = "anyOf:\n  signatures:\n    - kind: githubAction\n      owner: acme\n";
    VerificationPolicy p =
        parse(
            rule + "trust:\n  fulcioCerts: [f.pem]\n  rekorKeys: [r.pub]\n  ctLogKeys: [ct.pub]\n");
    assertThat(p.trust().ctLogKeys()).containsExactly(Path.of("/etc/airlock/ct.pub"));
    assertThatThrownBy(
            () -> parse(rule + "trust:\n  trustedRoot: root.json\n  ctLogKeys: [ct.pub]\n"))
        .hasMessage(
            "policy.yaml: trust.ctLogKeys (line 7, column 3) goes with fulcioCerts (and"
                + " rekorKeys), not alone or with trustedRoot: a trusted root lists its own CT logs");
  }

  @Test
  void urlPrefix_doesNotMatchASiblingOrganisation() {
    var rule =
        new PolicyRule.GenericIssuer("i", Optional.empty(), Optional.of("https://github.com/acme"));
    var evil =
        new Signer(
            Signer.Kind.CERTIFICATE, "https://github.com/acme-evil/x", "i", java.util.Map.of());
    var good =
        new Signer(
            Signer.Kind.CERTIFICATE,
            "https://github.com/acme/x/.github/w.yml@refs/heads/main",
            "i",
            java.util.Map.of());
    assertThat(rule.mismatch(evil, java.util.Map.of()))
        .contains(
            "subject should start with https://github.com/acme/, found https://github.com/acme-evil/x");
    assertThat(rule.mismatch(good, java.util.Map.of())).isEmpty();
  }
}
