package dev.airlock.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.signature.KeyBundles;
import dev.airlock.signature.KeylessVerifierProvider;
import dev.airlock.signature.PolicyParser;
import dev.airlock.signature.PublicKeys;
import dev.airlock.signature.SignatureException;
import dev.airlock.signature.SigningKeys;
import dev.airlock.signature.SigstoreBundle;
import dev.airlock.signature.VerificationPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The module is found through ServiceLoader and wired from a policy file. */
class ProviderTest {
  @Test
  void installedProvider_isThisModule_andVerifiesAKeyBundleFromAPolicyFile() throws Exception {
    assertThat(KeylessVerifierProvider.installed())
        .get()
        .isInstanceOf(SigstoreVerifierProvider.class);
    KeyPair key = SigningKeys.generateEcdsaP256();
    String yaml =
        "allOf:\n  - kind: pubKey\n    key: |\n      "
            + PublicKeys.toPem(key.getPublic()).strip().replace("\n", "\n      ")
            + "\n";
    VerificationPolicy policy =
        PolicyParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "p.yaml", Path.of("."));
    byte[] manifest = "{}".getBytes(StandardCharsets.UTF_8);
    String digest =
        "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest));
    byte[] bundle = KeyBundles.messageSignature(key.getPrivate(), key.getPublic(), manifest);

    var r =
        KeylessVerifierProvider.verifierFor(policy, Clock.systemUTC())
            .verify("oci://x", digest, List.of(new SigstoreBundle("b", bundle)));

    assertThat(r.matches().get(0).rule())
        .isEqualTo("pubKey " + PublicKeys.fingerprint(key.getPublic()));
  }

  @Test
  void keylessPolicyWithoutTrustMaterial_isAConfigurationError() throws Exception {
    VerificationPolicy policy =
        PolicyParser.parse(
            "anyOf:\n  signatures:\n    - kind: githubAction\n      owner: acme\n"
                .getBytes(StandardCharsets.UTF_8),
            "p.yaml",
            Path.of("."));
    assertThatThrownBy(() -> KeylessVerifierProvider.verifierFor(policy, Clock.systemUTC()))
        .isInstanceOf(SignatureException.class)
        .hasMessage(
            "the policy has keyless rules but no trust material: set trust.trustedRoot,"
                + " trust.fulcioCerts and trust.rekorKeys, or trust.useSigstoreTufData");
    assertThatThrownBy(() -> SigstoreVerifier.create(policy.trust(), Clock.systemUTC()))
        .hasMessage(
            "keyless verification needs trust material: a trusted_root.json, Fulcio certificate"
                + " and Rekor key PEM files, or use_sigstore_tuf_data = true");
  }
}
