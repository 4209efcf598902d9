package dev.airlock.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.internal.Digests;
import dev.airlock.signature.SignatureDocuments.Document;
import dev.airlock.signature.SignatureSource.Descriptor;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Discovery against an in-memory fake registry view (unit test). */
class SignatureDiscoveryTest {
  private static final byte[] IMAGE = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
  private static final String D = "sha256:" + Digests.sha256Hex(IMAGE);
  private static final Descriptor SUBJECT =
      new Descriptor(SignatureDocuments.OCI_MANIFEST, D, IMAGE.length, "", Map.of());
  private static final KeyPair KEY = SigningKeys.generateEcdsaP256();

  private final InMemorySignatureSource registry = new InMemorySignatureSource();

  private static LegacySignature layer(String digest) {
    byte[] p = SimpleSigningPayload.of(digest, "reg/repo", Map.of()).toBytes();
    return SignatureDocuments.legacyLayer(
        p, SigningKeys.sign(KEY.getPrivate(), p), Optional.empty());
  }

  private Descriptor pushBundle(String json, Descriptor subject) {
    Document d =
        SignatureDocuments.bundleReferrer(
            subject, json.getBytes(StandardCharsets.UTF_8), "2026-01-01T00:00:00Z");
    registry.push(d);
    return new Descriptor(
        SignatureDocuments.OCI_MANIFEST,
        d.manifest().digest(),
        d.manifest().bytes().length,
        SigstoreBundle.MEDIA_TYPE,
        Map.of());
  }

  @Test
  void legacySignature_pushedByOurBuilder_isFound_andVerifies() throws Exception {
    registry.push(SignatureDocuments.legacyManifest(D, List.of(layer(D), layer(D))));

    List<SignatureCandidate> found =
        SignatureDiscovery.discover(registry, D, DiscoveryLimits.DEFAULT);

    assertThat(found).hasSize(2).allMatch(c -> c instanceof LegacySignature);
    assertThat(found.get(0).origin()).isEqualTo(SignatureDiscovery.legacyTag(D) + " layer 1");
    VerificationResult r =
        SignatureVerifier.of(VerificationPolicy.anyKey(List.of(KEY.getPublic())), Optional.empty())
            .verify("oci://reg/repo:1", D, found);
    assertThat(r.matches()).hasSize(1);
  }

  @Test
  void referrersApi_isPaged_andFilteredToBundles_andWrongSubjectsAreIgnored() throws Exception {
    registry.pageSize = 2;
    for (int i = 0; i < 5; i++) {
      registry.referrers.add(pushBundle("{\"n\":" + i + "}", SUBJECT));
    }
    registry.referrers.add(
        new Descriptor(
            SignatureDocuments.OCI_MANIFEST,
            "sha256:" + "9".repeat(64),
            10,
            "application/spdx+json",
            Map.of()));
    Descriptor other =
        new Descriptor(
            SignatureDocuments.OCI_MANIFEST, "sha256:" + "8".repeat(64), 1, "", Map.of());
    registry.referrers.add(pushBundle("{\"other\":1}", other));

    List<SignatureCandidate> found =
        SignatureDiscovery.discover(registry, D, DiscoveryLimits.DEFAULT);

    assertThat(found)
        .map(c -> new String(((SigstoreBundle) c).json(), StandardCharsets.UTF_8))
        .containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}", "{\"n\":3}", "{\"n\":4}");
  }

  @Test
  void withoutReferrersApi_fallbackTagIndex_thenLegacyTag() throws Exception {
    registry.referrersApi = false;
    Descriptor ref = pushBundle("{\"b\":1}", SUBJECT);
    registry.push(SignatureDocuments.referrersIndex(D, List.of(ref)));
    registry.push(SignatureDocuments.legacyManifest(D, List.of(layer(D))));

    List<SignatureCandidate> found =
        SignatureDiscovery.discover(registry, D, DiscoveryLimits.DEFAULT);

    assertThat(found).hasSize(2);
    assertThat(found.get(0)).isInstanceOf(SigstoreBundle.class);
    assertThat(found.get(1)).isInstanceOf(LegacySignature.class);
    assertThat(registry.tags)
        .containsKeys("sha256-" + D.substring(7), "sha256-" + D.substring(7) + ".sig");
  }

  @Test
  void tenThousandSignatures_stopAtTheLimit_withoutReadingThemAll() throws Exception {
    List<LegacySignature> many = new ArrayList<>();
    LegacySignature one = layer(D);
    for (int i = 0; i < 10_000; i++) {
      many.add(one);
    }
    registry.push(SignatureDocuments.legacyManifest(D, many));
    assertThat(registry.tags.get(SignatureDiscovery.legacyTag(D)).length)
        .isLessThan(SignatureDiscovery.MAX_MANIFEST);

    assertThatThrownBy(() -> SignatureDiscovery.discover(registry, D, DiscoveryLimits.DEFAULT))
        .isInstanceOf(SignatureException.class)
        .hasMessage(D + " has more than 64 signatures; refusing (limit maxSignatures)");
    assertThat(registry.requests).isLessThan(70);
  }

  @Test
  void tenThousandReferrers_stopAtThePageLimit() throws Exception {
    Descriptor ref = pushBundle("{}", SUBJECT);
    for (int i = 0; i < 10_000; i++) {
      registry.referrers.add(ref);
    }
    assertThatThrownBy(
            () ->
                SignatureDiscovery.discover(registry, D, new DiscoveryLimits(20_000, 1L << 30, 16)))
        .hasMessage(
            "the referrers listing for "
                + D
                + " did not end after 16 pages; refusing (limit maxPages)");
  }

  @Test
  void endlessReferrersPaging_isRefusedAfterMaxPages() {
    registry.endless = true;
    assertThatThrownBy(() -> SignatureDiscovery.discover(registry, D, DiscoveryLimits.DEFAULT))
        .isInstanceOf(SignatureException.class)
        .hasMessage(
            "the referrers listing for "
                + D
                + " did not end after 16 pages; refusing (limit maxPages)");
    assertThat(registry.requests).isEqualTo(16);
  }

  @Test
  void referrersListingPages_countAgainstTheByteBudget() {
    registry.endless = true;
    registry.pageBytes = 1000;
    assertThatThrownBy(
            () -> SignatureDiscovery.discover(registry, D, new DiscoveryLimits(64, 4000, 16)))
        .isInstanceOf(SignatureException.class)
        .hasMessage(
            "reading referrers listing page 5 (1000 bytes) would exceed 4000 bytes of signature"
                + " material for "
                + D
                + "; refusing (limit maxBytes)");
    // Refused on the byte bound, long before the 16-page bound.
    assertThat(registry.requests).isEqualTo(5);
  }

  @Test
  void referrersListing_andTheBundlesItNames_shareOneByteBudget() throws Exception {
    registry.referrers.add(pushBundle("x".repeat(1000), SUBJECT));
    List<SignatureCandidate> alone =
        SignatureDiscovery.discover(registry, D, new DiscoveryLimits(64, 4000, 16));
    assertThat(alone).hasSize(1);

    registry.pageBytes = 3000;
    assertThatThrownBy(
            () -> SignatureDiscovery.discover(registry, D, new DiscoveryLimits(64, 4000, 16)))
        .isInstanceOf(SignatureException.class)
        .hasMessageContaining(
            "would exceed 4000 bytes of signature material for "
                + D
                + "; refusing (limit maxBytes)");
  }

  @Test
  void byteBudget_isEnforced_beforeReadingTheBlob() {
    registry.referrers.add(pushBundle("x".repeat(5000), SUBJECT));
    assertThatThrownBy(
            () -> SignatureDiscovery.discover(registry, D, new DiscoveryLimits(64, 4000, 16)))
        .isInstanceOf(SignatureException.class)
        .hasMessageContaining(
            "would exceed 4000 bytes of signature material for "
                + D
                + "; refusing (limit maxBytes)");
  }

  @Test
  void blobNotMatchingItsDigest_isRefused() throws Exception {
    Document d = SignatureDocuments.legacyManifest(D, List.of(layer(D)));
    registry.push(d);
    String payloadDigest = d.blobs().get(1).digest();
    registry.content.put(payloadDigest, "{\"critical\":{}}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> SignatureDiscovery.discover(registry, D, DiscoveryLimits.DEFAULT))
        .hasMessage("digest mismatch");
  }

  @Test
  void badDigest_isRefused() {
    assertThatThrownBy(
            () -> SignatureDiscovery.discover(registry, "sha256:abc", DiscoveryLimits.DEFAULT))
        .hasMessage("manifest digest should be sha256:<64 hex>, got sha256:abc");
  }
}
