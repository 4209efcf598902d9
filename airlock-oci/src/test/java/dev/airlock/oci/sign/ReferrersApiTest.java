package dev.airlock.oci.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.Digest;
import dev.airlock.oci.FakeRegistries;
import dev.airlock.oci.OciException;
import dev.airlock.oci.Reference;
import dev.airlock.oci.RegistryClient;
import dev.airlock.oci.RegistryConfig;
import dev.airlock.signature.DiscoveryLimits;
import dev.airlock.signature.KeyBundles;
import dev.airlock.signature.LegacySignature;
import dev.airlock.signature.PublicKeys;
import dev.airlock.signature.SignatureCandidate;
import dev.airlock.signature.SignatureDiscovery;
import dev.airlock.signature.SignatureDocuments;
import dev.airlock.signature.SigningKeys;
import dev.airlock.signature.SigstoreBundle;
import dev.airlock.signature.VerificationPolicy;
import dev.airlock.signature.VerificationResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The OCI 1.1 referrers API over real HTTP, against a fake registry that has it (Debian's
 * docker-registry 2.8 does not): listings paged with {@code Link} headers, one referrer a page and
 * the filter ignored, so discovery must follow the pages and filter itself; and signing writes no
 * {@code sha256-<hex>} fallback index where the API exists.
 */
class ReferrersApiTest {
  private static final String REPO = "p/echo";
  private static final KeyPair KEY = SigningKeys.generateEcdsaP256();
  private static final byte[] SUBJECT =
      ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
              + "\"config\":{\"mediaType\":\"application/vnd.oci.empty.v1+json\",\"digest\":"
              + "\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\","
              + "\"size\":2},\"layers\":[]}")
          .getBytes(StandardCharsets.UTF_8);

  private final RegistryClient client = RegistryClient.create(RegistryConfig.builder().build());

  /** Pushes the subject under tag 1 and, before any signature, an SBOM referrer of it. */
  private Reference pushSubjectAndSbom(FakeRegistries.Fake reg) throws Exception {
    Reference ref = Reference.parse("oci://" + reg.host() + "/" + REPO + ":1");
    Digest d = client.putManifest(ref.repository(), "1", SignatureDocuments.OCI_MANIFEST, SUBJECT);
    byte[] sbom =
        ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"artifactType\":\"application/spdx+json\",\"config\":{\"mediaType\":"
                + "\"application/vnd.oci.empty.v1+json\",\"digest\":\"sha256:44136fa355b3678a1146"
                + "ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},\"layers\":[],"
                + "\"subject\":{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"digest\":\""
                + d
                + "\",\"size\":"
                + SUBJECT.length
                + "}}")
            .getBytes(StandardCharsets.UTF_8);
    client.putManifest(
        ref.repository(), Digest.sha256(sbom).toString(), SignatureDocuments.OCI_MANIFEST, sbom);
    return ref;
  }

  private static String referrersPath(Digest d) {
    return "GET /v2/" + REPO + "/referrers/" + d;
  }

  @Test
  void bundleOnTheSecondLinkedPage_isFoundAndVerified_andAttachWritesNoFallbackTag()
      throws Exception {
    try (FakeRegistries.Fake reg = FakeRegistries.referrersApi(REPO, 1)) {
      Reference ref = pushSubjectAndSbom(reg);
      Digest d = Digest.sha256(SUBJECT);

      OciSigner.Attached a =
          new OciSigner(client)
              .attach(ref, KeyBundles.messageSignature(KEY.getPrivate(), KEY.getPublic(), SUBJECT));

      assertThat(a.fallbackTag()).as("the registry has the referrers API").isEmpty();
      assertThat(reg.tags()).containsExactly("1");
      List<VerificationResult> seen = new ArrayList<>();
      SignaturePullVerifier v =
          SignaturePullVerifier.of(
                  VerificationPolicy.anyKey(List.of(KEY.getPublic())), "test", Clock.systemUTC())
              .onVerified(seen::add);
      v.verifyRecording(ref, d, client);
      assertThat(seen)
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.matches())
                      .singleElement()
                      .satisfies(
                          m ->
                              assertThat(m.signer().identity())
                                  .isEqualTo(PublicKeys.fingerprint(KEY.getPublic()))));
      // Page 1 (the SBOM) links to page 2 (the bundle); no fallback tag was asked for.
      assertThat(reg.requestLines())
          .contains(
              referrersPath(d)
                  + "?artifactType="
                  + URLEncoder.encode(SigstoreBundle.MEDIA_TYPE, StandardCharsets.UTF_8),
              referrersPath(d) + "?page=1")
          .doesNotContain(
              "GET /v2/" + REPO + "/manifests/" + d.toString().replace(':', '-'),
              referrersPath(d) + "?page=2");

      KeyPair other = SigningKeys.generateEcdsaP256();
      assertThatThrownBy(
              () ->
                  SignaturePullVerifier.of(
                          VerificationPolicy.anyKey(List.of(other.getPublic())),
                          "test",
                          Clock.systemUTC())
                      .verifyRecording(ref, d, client))
          .isInstanceOf(OciException.class)
          .hasMessageStartingWith("No valid signatures found for oci://" + ref)
          .hasMessageContaining("referrer " + a.referrer());
    }
  }

  @Test
  void signWithBundle_onARegistryWithTheReferrersApi_writesNoFallbackTag() throws Exception {
    try (FakeRegistries.Fake reg = FakeRegistries.referrersApi(REPO, 1)) {
      Reference ref = pushSubjectAndSbom(reg);
      Digest d = Digest.sha256(SUBJECT);

      OciSigner.Signed s =
          new OciSigner(client).sign(ref, KEY.getPrivate(), Optional.of(KEY.getPublic()), Map.of());

      assertThat(s.fallbackTag()).isEmpty();
      assertThat(s.bundleReferrer()).isPresent();
      String fallback = d.toString().replace(':', '-');
      assertThat(reg.tags()).containsExactlyInAnyOrder("1", fallback + ".sig");
      assertThat(reg.requestLines()).doesNotContain("PUT /v2/" + REPO + "/manifests/" + fallback);
      List<SignatureCandidate> found =
          SignatureDiscovery.discover(
              new OciSignatureSource(client, ref.repository()),
              d.toString(),
              DiscoveryLimits.DEFAULT);
      assertThat(found)
          .hasSize(2)
          .anySatisfy(
              c -> {
                assertThat(c).isInstanceOf(SigstoreBundle.class);
                assertThat(c.origin()).isEqualTo("referrer " + s.bundleReferrer().orElseThrow());
              })
          .anySatisfy(c -> assertThat(c).isInstanceOf(LegacySignature.class));
    }
  }
}
