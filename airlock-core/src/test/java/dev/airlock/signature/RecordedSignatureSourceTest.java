package dev.airlock.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.internal.Digests;
import dev.airlock.signature.SignatureSource.Descriptor;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Record against a fake registry view (unit test), replay offline, re-verify. */
class RecordedSignatureSourceTest {
  private static final byte[] IMAGE =
      "{\"schemaVersion\":2,\"x\":1}".getBytes(StandardCharsets.UTF_8);
  private static final String D = "sha256:" + Digests.sha256Hex(IMAGE);
  private static final KeyPair KEY = SigningKeys.generateEcdsaP256();

  private static InMemorySignatureSource registry() {
    InMemorySignatureSource r = new InMemorySignatureSource();
    byte[] p = SimpleSigningPayload.of(D, "reg/repo", Map.of()).toBytes();
    r.push(
        SignatureDocuments.legacyManifest(
            D,
            List.of(
                SignatureDocuments.legacyLayer(
                    p, SigningKeys.sign(KEY.getPrivate(), p), Optional.empty()))));
    var bundle =
        SignatureDocuments.bundleReferrer(
            new Descriptor(SignatureDocuments.OCI_MANIFEST, D, IMAGE.length, "", Map.of()),
            KeyBundles.messageSignature(KEY.getPrivate(), KEY.getPublic(), IMAGE),
            "2026-01-01T00:00:00Z");
    r.push(bundle);
    r.referrers.add(
        new Descriptor(
            SignatureDocuments.OCI_MANIFEST,
            bundle.manifest().digest(),
            bundle.manifest().bytes().length,
            SigstoreBundle.MEDIA_TYPE,
            Map.of()));
    return r;
  }

  @Test
  void recordedMaterial_replaysOffline_toTheSameCandidates_andVerifies() throws Exception {
    InMemorySignatureSource live = registry();
    RecordedSignatureSource rec = RecordedSignatureSource.recording(live);
    List<SignatureCandidate> online = SignatureDiscovery.discover(rec, D, DiscoveryLimits.DEFAULT);
    byte[] cached = rec.toJson();
    int requestsOnline = live.requests;

    List<SignatureCandidate> offline =
        SignatureDiscovery.discover(
            RecordedSignatureSource.replay(cached), D, DiscoveryLimits.DEFAULT);

    assertThat(live.requests).isEqualTo(requestsOnline);
    assertThat(offline).hasSameSizeAs(online).hasSize(2);
    assertThat(((SigstoreBundle) offline.get(0)).json())
        .isEqualTo(((SigstoreBundle) online.get(0)).json());
    assertThat(((LegacySignature) offline.get(1)).payload())
        .isEqualTo(((LegacySignature) online.get(1)).payload());
    var result =
        SignatureVerifier.of(VerificationPolicy.anyKey(List.of(KEY.getPublic())), Optional.empty())
            .verify("oci://reg/repo:1", D, List.of(offline.get(1)));
    assertThat(result.matches()).hasSize(1);
  }

  @Test
  void recording_asksTheLiveSourceForManifestsAsManifests() throws Exception {
    InMemorySignatureSource live = registry();
    live.strictKinds = true; // a registry answers 404 for a manifest asked for as a blob
    RecordedSignatureSource rec = RecordedSignatureSource.recording(live);
    List<SignatureCandidate> online = SignatureDiscovery.discover(rec, D, DiscoveryLimits.DEFAULT);
    assertThat(online).hasSize(2);
    List<SignatureCandidate> offline =
        SignatureDiscovery.discover(
            RecordedSignatureSource.replay(rec.toJson()), D, DiscoveryLimits.DEFAULT);
    assertThat(offline).hasSize(2);
  }

  @Test
  void tamperedCacheFile_isRefused() throws Exception {
    RecordedSignatureSource rec = RecordedSignatureSource.recording(registry());
    SignatureDiscovery.discover(rec, D, DiscoveryLimits.DEFAULT);
    String json = new String(rec.toJson(), StandardCharsets.UTF_8);
    String payloadB64 =
        java.util.Base64.getEncoder()
            .encodeToString(SimpleSigningPayload.of(D, "reg/repo", Map.of()).toBytes());
    String forged =
        json.replace(
            payloadB64,
            java.util.Base64.getEncoder()
                .encodeToString(SimpleSigningPayload.of(D, "reg/evil", Map.of()).toBytes()));
    assertThat(forged).isNotEqualTo(json);

    RecordedSignatureSource replay =
        RecordedSignatureSource.replay(forged.getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> SignatureDiscovery.discover(replay, D, DiscoveryLimits.DEFAULT))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageStartingWith("cached signature material sha256:")
        .hasMessageContaining(" reads back as sha256:");
    assertThatThrownBy(
            () -> RecordedSignatureSource.replay("not json".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("cached signature material is unreadable: ");
  }
}
