package dev.airlock.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.testing.SharedTestdata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real cosign key-based signatures (containers/image fixtures) verified with Airlock. */
class CosignInteropTest {
  private Path dir;

  @BeforeEach
  void data() {
    Optional<Path> d = SharedTestdata.find("cosign-containers-image");
    Assumptions.assumeTrue(d.isPresent(), SharedTestdata.MISSING);
    dir = d.get();
  }

  private PublicKey key(String name) throws Exception {
    return PublicKeys.parse(Files.readString(dir.resolve(name)), name);
  }

  private VerificationResult verify(String keyName, String manifestDir, String sigDir, String sig)
      throws Exception {
    String digest =
        ContainersImageFixtures.manifestDigest(dir.resolve(manifestDir).resolve("manifest.json"));
    LegacySignature s = ContainersImageFixtures.signature(dir.resolve(sigDir).resolve(sig));
    return SignatureVerifier.of(VerificationPolicy.anyKey(List.of(key(keyName))), Optional.empty())
        .verify("oci://test/" + manifestDir, digest, List.of(s));
  }

  @Test
  void cosignSignature_verifiesWithCosignPub_andNamesTheKey() throws Exception {
    VerificationResult r =
        verify("cosign.pub", "dir-img-cosign-valid", "dir-img-cosign-valid", "signature-1");

    String fingerprint = PublicKeys.fingerprint(key("cosign.pub"));
    assertThat(r.matches()).hasSize(1);
    assertThat(r.matches().get(0).signer()).isEqualTo(Signer.key(fingerprint));
    assertThat(r.matches().get(0).rule()).isEqualTo("pubKey " + fingerprint);
  }

  @Test
  void cosignSignatureWithRekorBundle_verifiesWithTheKeyInItsRekorEntry_notWithCosignPub()
      throws Exception {
    // This fixture was signed with a different key; its Rekor entry body records that key.
    LegacySignature s =
        ContainersImageFixtures.signature(
            dir.resolve("dir-img-cosign-key-rekor-valid/signature-1"));
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var bundle = mapper.readTree(s.annotations().get(LegacySignature.BUNDLE));
    var body =
        mapper.readTree(java.util.Base64.getDecoder().decode(bundle.at("/Payload/body").asText()));
    String pem =
        new String(
            java.util.Base64.getDecoder()
                .decode(body.at("/spec/signature/publicKey/content").asText()),
            java.nio.charset.StandardCharsets.US_ASCII);
    String digest =
        ContainersImageFixtures.manifestDigest(
            dir.resolve("dir-img-cosign-key-rekor-valid/manifest.json"));

    VerificationResult r =
        SignatureVerifier.of(
                VerificationPolicy.anyKey(List.of(PublicKeys.parse(pem, "rekor entry"))),
                Optional.empty())
            .verify("oci://k", digest, List.of(s));
    assertThat(r.matches()).hasSize(1);
    assertThatThrownBy(
            () ->
                verify(
                    "cosign.pub",
                    "dir-img-cosign-key-rekor-valid",
                    "dir-img-cosign-key-rekor-valid",
                    "signature-1"))
        .hasMessage("No valid signatures found for oci://test/dir-img-cosign-key-rekor-valid");
  }

  @Test
  void cosignSignature_withOtherKey_isRefused() {
    assertThatThrownBy(
            () ->
                verify(
                    "cosign2.pub", "dir-img-cosign-valid", "dir-img-cosign-valid", "signature-1"))
        .isInstanceOf(PolicyFailure.class)
        .hasMessage("No valid signatures found for oci://test/dir-img-cosign-valid")
        .satisfies(
            e ->
                assertThat(((PolicyFailure) e).rejected())
                    .singleElement()
                    .asString()
                    .startsWith(
                        "dir-img-cosign-valid/signature-1: signature does not verify with any key"));
  }

  @Test
  void modifiedManifest_isRefusedAsSignatureForAnotherDigest() throws Exception {
    String modified =
        ContainersImageFixtures.manifestDigest(
            dir.resolve("dir-img-cosign-modified-manifest/manifest.json"));
    assertThatThrownBy(
            () ->
                verify(
                    "cosign.pub",
                    "dir-img-cosign-modified-manifest",
                    "dir-img-cosign-valid",
                    "signature-1"))
        .isInstanceOf(PolicyFailure.class)
        .hasMessage("No valid signatures found for oci://test/dir-img-cosign-modified-manifest")
        .satisfies(
            e ->
                assertThat(((PolicyFailure) e).rejected().get(0))
                    .contains("not for " + modified + " (a signature copied from another image)"));
  }

  @Test
  void signatureForDigestA_attachedToImageB_isRefused() throws Exception {
    // key-rekor-valid's signature is a real cosign signature (same key) of another image.
    String digestB =
        ContainersImageFixtures.manifestDigest(dir.resolve("dir-img-cosign-valid/manifest.json"));
    LegacySignature forA =
        ContainersImageFixtures.signature(
            dir.resolve("dir-img-cosign-key-rekor-valid/signature-1"));
    SignatureVerifier v =
        SignatureVerifier.of(
            VerificationPolicy.anyKey(List.of(key("cosign.pub"))), Optional.empty());

    assertThatThrownBy(() -> v.verify("oci://b", digestB, List.of(forA)))
        .isInstanceOf(PolicyFailure.class)
        .hasMessage("No valid signatures found for oci://b")
        .satisfies(
            e ->
                assertThat(((PolicyFailure) e).rejected().get(0))
                    .endsWith(
                        "signature is for manifest"
                            + " sha256:0489474da8ea22426ece86ace6c1c0026ab2fd3cdfbbd62b7e94650266c37d9a,"
                            + " not for "
                            + digestB
                            + " (a signature copied from another image)"));
  }

  @Test
  void secondRealSignature_ofSameImage_verifies_andDockerReferenceIsCheckedWhenAsked()
      throws Exception {
    String digest =
        ContainersImageFixtures.manifestDigest(dir.resolve("dir-img-cosign-valid/manifest.json"));
    LegacySignature s =
        ContainersImageFixtures.signature(dir.resolve("dir-img-cosign-valid-2/signature-2"));
    VerificationPolicy keys = VerificationPolicy.anyKey(List.of(key("cosign.pub")));
    VerificationPolicy withRef =
        new VerificationPolicy(
            keys.allOf(),
            keys.anyOf(),
            1,
            Optional.of("registry.example/other"),
            keys.trust(),
            false);

    assertThat(
            SignatureVerifier.of(keys, Optional.empty()).verify("x", digest, List.of(s)).matches())
        .hasSize(1);
    assertThatThrownBy(
            () -> SignatureVerifier.of(withRef, Optional.empty()).verify("x", digest, List.of(s)))
        .satisfies(
            e ->
                assertThat(((PolicyFailure) e).rejected().get(0))
                    .endsWith(
                        "signature is for repository"
                            + " '192.168.64.2:5000/cosign-signed-single-sample', the policy"
                            + " requires 'registry.example/other'"));
  }

  @Test
  void keylessSignature_withoutKeylessVerifier_isRejectedWithReason() throws Exception {
    String digest =
        ContainersImageFixtures.manifestDigest(
            dir.resolve("dir-img-cosign-fulcio-rekor-valid/manifest.json"));
    LegacySignature s =
        ContainersImageFixtures.signature(
            dir.resolve("dir-img-cosign-fulcio-rekor-valid/signature-1"));
    SignatureVerifier v =
        SignatureVerifier.of(
            VerificationPolicy.anyKey(List.of(key("cosign.pub"))), Optional.empty());

    assertThatThrownBy(() -> v.verify("oci://k", digest, List.of(s)))
        .isInstanceOf(PolicyFailure.class)
        .satisfies(
            e ->
                assertThat(((PolicyFailure) e).rejected().get(0))
                    .endsWith("is a keyless signature; no keyless verifier is installed"));
  }
}
