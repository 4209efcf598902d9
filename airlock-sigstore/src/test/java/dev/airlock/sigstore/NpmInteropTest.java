package dev.airlock.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.signature.KeyBundles;
import dev.airlock.signature.KeylessVerifierProvider;
import dev.airlock.signature.PolicyFailure;
import dev.airlock.signature.PolicyRule;
import dev.airlock.signature.PublicKeys;
import dev.airlock.signature.QueryMtSettings;
import dev.airlock.signature.SignatureVerifier;
import dev.airlock.signature.SigningKeys;
import dev.airlock.signature.SigstoreBundle;
import dev.airlock.signature.TrustMaterial;
import dev.airlock.signature.VerificationPolicy;
import dev.airlock.signature.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with an independent implementation, both ways: fresh keyless bundles made offline by npm
 * {@code sigstore} against {@code @sigstore/mock} (mock Fulcio, CT log, Rekor) verify in Airlock,
 * and Airlock's key-signed bundles verify in {@code @sigstore/verify}.
 */
class NpmInteropTest {
  private static final byte[] MANIFEST =
      "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
          .getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  @BeforeAll
  static void npmCi() throws Exception {
    NpmSigstore.install();
  }

  private Path generate(String name) throws Exception {
    Path artifact = Files.write(tmp.resolve("manifest.json"), MANIFEST);
    Path out = tmp.resolve(name);
    NpmSigstore.Run r = NpmSigstore.node("generate.js", out, artifact);
    assertThat(r.exit()).as(r.err()).isZero();
    return out;
  }

  private static String digest() throws Exception {
    return "sha256:"
        + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(MANIFEST));
  }

  private static VerificationResult verify(Path root, Path bundle, PolicyRule rule)
      throws Exception {
    TrustMaterial trust = new TrustMaterial(Optional.of(root), List.of(), List.of(), false);
    VerificationPolicy p =
        new VerificationPolicy(List.of(), List.of(rule), 1, Optional.empty(), trust, false);
    return SignatureVerifier.of(p, Optional.of(SigstoreVerifier.create(trust, Clock.systemUTC())))
        .verify(
            "oci://mock/plugin",
            digest(),
            List.of(
                new SigstoreBundle(bundle.getFileName().toString(), Files.readAllBytes(bundle))));
  }

  @Test
  void freshMockKeylessBundles_messageAndDsse_verifyWithGithubIdentity() throws Exception {
    Path out = generate("instance-a");
    JsonNode id = new ObjectMapper().readTree(out.resolve("identity.json").toFile());
    PolicyRule github = new PolicyRule.GithubAction("acme", Optional.of("plugins"));
    PolicyRule exact =
        new PolicyRule.CertificateIdentity(
            Optional.of(id.get("subject").asText()),
            Optional.empty(),
            Optional.of(id.get("issuer").asText()),
            Optional.empty(),
            Map.of("repository", "acme/plugins", "ref", "refs/heads/main", "trigger", "push"));

    for (String bundle : List.of("message.json", "dsse.json")) {
      VerificationResult r = verify(out.resolve("trusted_root.json"), out.resolve(bundle), github);
      assertThat(r.matches().get(0).signer().identity())
          .as(bundle)
          .isEqualTo(id.get("subject").asText());
      assertThat(r.matches().get(0).signer().claims()).containsEntry("repository", "acme/plugins");
      assertThat(verify(out.resolve("trusted_root.json"), out.resolve(bundle), exact).matches())
          .hasSize(1);
    }
  }

  @Test
  void mockBundle_underWrongIdentity_orFromAnotherInstance_isRefused() throws Exception {
    Path a = generate("instance-a");
    Path b = generate("instance-b");
    PolicyRule otherOrg = new PolicyRule.GithubAction("evil", Optional.empty());

    assertThatThrownBy(
            () -> verify(a.resolve("trusted_root.json"), a.resolve("message.json"), otherOrg))
        .isInstanceOf(PolicyFailure.class)
        .hasMessageContaining("does not satisfy policy")
        .hasMessageContaining("workflow should be under https://github.com/evil/");
    PolicyRule github = new PolicyRule.GithubAction("acme", Optional.of("plugins"));
    assertThatThrownBy(
            () -> verify(b.resolve("trusted_root.json"), a.resolve("message.json"), github))
        .isInstanceOf(PolicyFailure.class)
        .hasMessage("No valid signatures found for oci://mock/plugin");
  }

  /**
   * QueryMT's PEM trust ({@code fulcio_certs}, {@code rekor_pub_keys}) has no CT log key, so the
   * certificate's SCT cannot be checked; the chain, the log entry and the signature still are.
   */
  @Test
  void pemTrust_queryMtMapping_verifiesMockBundles_andAWrongRekorKeyIsRefused() throws Exception {
    Path a = generate("instance-a");
    Path b = generate("instance-b");
    writePems(a);
    writePems(b);
    Map<String, Object> oci = new java.util.LinkedHashMap<>();
    oci.put("fulcio_certs", List.of("instance-a/fulcio.pem"));
    oci.put("rekor_pub_keys", List.of("instance-a/rekor.pub"));
    oci.put("github_workflow_repository", "acme/plugins");

    for (String bundle : List.of("message.json", "dsse.json")) {
      VerificationResult r;
      try {
        r = verifyQueryMt(oci, a.resolve(bundle));
      } catch (PolicyFailure e) {
        throw new AssertionError(
            bundle + " should verify under PEM trust, refused: " + e.rejected(), e);
      }
      assertThat(r.matches()).as(bundle + " under PEM trust").hasSize(1);
      assertThat(r.matches().get(0).signer().claims())
          .as(bundle)
          .containsEntry("repository", "acme/plugins");
    }

    oci.put("rekor_pub_keys", List.of("instance-b/rekor.pub"));
    for (String bundle : List.of("message.json", "dsse.json")) {
      assertThatThrownBy(() -> verifyQueryMt(oci, a.resolve(bundle)))
          .as(bundle + " with another instance's Rekor key")
          .isInstanceOf(PolicyFailure.class)
          .hasMessage("No valid signatures found for oci://mock/plugin")
          .satisfies(
              e ->
                  assertThat(((PolicyFailure) e).rejected())
                      .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                      .contains("transparency log entry"));
    }

    oci.put("fulcio_certs", List.of("instance-b/fulcio.pem"));
    oci.put("rekor_pub_keys", List.of("instance-a/rekor.pub"));
    assertThatThrownBy(() -> verifyQueryMt(oci, a.resolve("message.json")))
        .as("another instance's Fulcio CA")
        .isInstanceOf(PolicyFailure.class)
        .satisfies(
            e ->
                assertThat(((PolicyFailure) e).rejected())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("certificate is not trusted"));
  }

  private VerificationResult verifyQueryMt(Map<String, Object> oci, Path bundle) throws Exception {
    VerificationPolicy p = QueryMtSettings.toPolicy(oci, tmp);
    return KeylessVerifierProvider.verifierFor(p, Clock.systemUTC())
        .verify(
            "oci://mock/plugin",
            digest(),
            List.of(
                new SigstoreBundle(bundle.getFileName().toString(), Files.readAllBytes(bundle))));
  }

  /** The mock's CA certificate and Rekor key as QueryMT's PEM files: fulcio.pem, rekor.pub. */
  private static void writePems(Path out) throws Exception {
    JsonNode root = new ObjectMapper().readTree(out.resolve("trusted_root.json").toFile());
    byte[] ca =
        java.util.Base64.getDecoder()
            .decode(
                root.at("/certificateAuthorities/0/certChain/certificates/0/rawBytes").asText());
    java.util.Base64.Encoder mime =
        java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    Files.writeString(
        out.resolve("fulcio.pem"),
        "-----BEGIN CERTIFICATE-----\n"
            + mime.encodeToString(ca)
            + "\n-----END CERTIFICATE-----\n");
    for (String[] key : new String[][] {{"/tlogs/0", "rekor.pub"}, {"/ctlogs/0", "ctlog.pub"}}) {
      byte[] der =
          java.util.Base64.getDecoder().decode(root.at(key[0] + "/publicKey/rawBytes").asText());
      Files.writeString(
          out.resolve(key[1]), PublicKeys.toPem(PublicKeys.fromDer(der, "mock " + key[1])));
    }
  }

  /**
   * Airlock's own {@code trust.ctLogKeys} (policy file; QueryMT has no such key): with the mock's
   * CT log key the certificate's SCT is checked and passes; with another instance's CT key the same
   * bundle is refused for its SCT, so the SCT is skipped only when no CT key is given.
   */
  @Test
  void pemTrustWithCtLogKey_checksTheSct() throws Exception {
    Path a = generate("instance-a");
    Path b = generate("instance-b");
    writePems(a);
    writePems(b);
    String policy =
        """
        anyOf:
          signatures:
            - kind: githubAction
              owner: acme
              repo: plugins
        trust:
          fulcioCerts: [instance-a/fulcio.pem]
          rekorKeys: [instance-a/rekor.pub]
          ctLogKeys: [%s/ctlog.pub]
        """;

    VerificationResult r = verifyPolicy(policy.formatted("instance-a"), a.resolve("message.json"));
    assertThat(r.matches()).hasSize(1);
    assertThatThrownBy(() -> verifyPolicy(policy.formatted("instance-b"), a.resolve("dsse.json")))
        .isInstanceOf(PolicyFailure.class)
        .satisfies(
            e ->
                assertThat(((PolicyFailure) e).rejected())
                    .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                    .contains("certificate is not trusted")
                    .contains("SCT"));
  }

  private VerificationResult verifyPolicy(String yaml, Path bundle) throws Exception {
    VerificationPolicy p =
        dev.airlock.signature.PolicyParser.parse(
            yaml.getBytes(StandardCharsets.UTF_8), "policy.yaml", tmp);
    return KeylessVerifierProvider.verifierFor(p, Clock.systemUTC())
        .verify(
            "oci://mock/plugin",
            digest(),
            List.of(
                new SigstoreBundle(bundle.getFileName().toString(), Files.readAllBytes(bundle))));
  }

  @Test
  void airlockKeyBundle_verifiesInSigstoreJs_andTamperingIsCaughtThere() throws Exception {
    KeyPair key = SigningKeys.generateEcdsaP256();
    Path artifact = Files.write(tmp.resolve("manifest.json"), MANIFEST);
    Path bundle =
        Files.write(
            tmp.resolve("bundle.json"),
            KeyBundles.messageSignature(key.getPrivate(), key.getPublic(), MANIFEST));
    Path pub = Files.writeString(tmp.resolve("key.pub"), PublicKeys.toPem(key.getPublic()));

    NpmSigstore.Run ok = NpmSigstore.node("verify.js", bundle, artifact, pub);
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("\"verified\":true");

    Path other = Files.writeString(tmp.resolve("other.json"), "{}");
    NpmSigstore.Run bad = NpmSigstore.node("verify.js", bundle, other, pub);
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err()).isNotBlank();

    // And Airlock verifies its own key bundle (no log entry: trust rests on the key).
    VerificationPolicy keys = VerificationPolicy.anyKey(List.of(key.getPublic()));
    VerificationResult r =
        SignatureVerifier.of(keys, Optional.of(SigstoreVerifier.forKeysOnly(Clock.systemUTC())))
            .verify("x", digest(), List.of(new SigstoreBundle("own", Files.readAllBytes(bundle))));
    assertThat(r.matches().get(0).signer().identity())
        .isEqualTo(PublicKeys.fingerprint(key.getPublic()));
  }
}
