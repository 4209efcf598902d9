package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.host.PluginHost;
import dev.airlock.host.SettingsProvider;
import dev.airlock.oci.sign.KeepServingResolver;
import dev.airlock.oci.sign.OciSigner;
import dev.airlock.signature.SignatureDocuments;
import dev.airlock.signature.SigningKeys;
import dev.airlock.testing.DockerRegistry;
import dev.airlock.testing.TestKeys;
import dev.airlock.trust.TrustRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key-signed plugins end to end against Debian's docker-registry (CNCF distribution 2.8, no
 * referrers API): signed with {@link OciSigner} (what {@code airlock sign oci://} runs), pulled
 * under a policy, loaded in a host; refused under a wrong key, for a signature of another digest,
 * past the signature limit; re-verified from the cache with the registry stopped.
 */
class SignedPullIT {
  @TempDir Path tmp;

  private final KeyPair artefactKey = TestKeys.ed25519();
  private final KeyPair cosignKey = SigningKeys.generateEcdsaP256();
  private final KeyPair otherKey = SigningKeys.generateEcdsaP256();

  @BeforeEach
  void registry() {
    assumeTrue(
        DockerRegistry.available(),
        "docker-registry is not installed (apt-get install docker-registry)");
  }

  private DockerRegistry start() throws Exception {
    return DockerRegistry.start(
        DockerRegistry.Mode.PLAIN, Files.createDirectories(tmp.resolve("reg")));
  }

  private PluginHost host(Path policy, String ref, Path cache, List<String> warnings)
      throws Exception {
    RegistryClient c = RegistryClient.create(RegistryConfig.builder().build());
    return PluginHost.builder()
        .pluginsDirectory(tmp.resolve("plugins"))
        .trustRoot(TrustRoot.of(Map.of("test", artefactKey.getPublic())))
        .hotReload(false)
        .providers(List.of(new SettingsProvider("greeter", ref, Optional.empty(), Map.of())))
        .referenceResolver(
            new KeepServingResolver(
                SignedRegistry.puller(c, cache),
                SignedRegistry.options(SignedRegistry.verifier(policy)),
                warnings::add))
        .build();
  }

  @Test
  void keySigned_loadsUnderMatchingPolicy_refusedUnderWrongKey() throws Exception {
    try (DockerRegistry r = start()) {
      RegistryClient c = SignedRegistry.client(r);
      Reference ref = SignedRegistry.push(c, r, "plugins/greeter", "greeter", artefactKey);
      OciSigner.Signed s =
          new OciSigner(c).sign(ref, cosignKey.getPrivate(), Optional.empty(), Map.of());
      assertThat(s.legacySignatures()).isEqualTo(1);
      String oci = "oci://" + ref;
      List<String> warnings = new ArrayList<>();

      try (PluginHost h =
          host(
              SignedRegistry.keyPolicy(tmp, cosignKey.getPublic()),
              oci,
              tmp.resolve("c1"),
              warnings)) {
        h.start();
        assertThat(h.plugin("greeter")).isPresent();
        assertThat(h.plugin("greeter").get().status().toString()).isEqualTo("ENABLED");
      }

      Files.deleteIfExists(tmp.resolve("plugins/greeter.tar.gz"));
      try (PluginHost h =
          host(
              SignedRegistry.keyPolicy(tmp, otherKey.getPublic()),
              oci,
              tmp.resolve("c2"),
              warnings)) {
        assertThatThrownBy(h::start)
            .hasMessageContaining("refused provider " + oci)
            .hasMessageContaining("No valid signatures found for " + oci)
            .hasMessageContaining("signature does not verify with any key of the policy");
      }
      assertThat(tmp.resolve("plugins/greeter.tar.gz")).doesNotExist();
      assertThat(warnings).isEmpty();
    }
  }

  @Test
  void refusedNewVersion_keepsServingTheVerifiedCachedOne() throws Exception {
    try (DockerRegistry r = start()) {
      RegistryClient c = SignedRegistry.client(r);
      Reference ref = SignedRegistry.push(c, r, "plugins/greeter", "greeter", artefactKey);
      new OciSigner(c).sign(ref, cosignKey.getPrivate(), Optional.empty(), Map.of());
      Digest good = SignedRegistry.digestOf(c, ref);
      Path policy = SignedRegistry.keyPolicy(tmp, cosignKey.getPublic());
      List<String> warnings = new ArrayList<>();
      try (PluginHost h = host(policy, "oci://" + ref, tmp.resolve("cache"), warnings)) {
        h.start();
      }
      // The tag moves to unsigned content: refused, and the verified version keeps serving.
      SignedRegistry.push(c, r, "plugins/greeter", "echo", artefactKey);
      try (PluginHost h = host(policy, "oci://" + ref, tmp.resolve("cache"), warnings)) {
        h.start();
        assertThat(h.plugin("greeter").get().status().toString()).isEqualTo("ENABLED");
      }
      assertThat(warnings)
          .singleElement()
          .asString()
          .contains("refused the current content of oci://" + ref)
          .contains("No valid signatures found")
          .contains("keeping the verified version " + good);
    }
  }

  @Test
  void cachedPull_isReverifiedFromRecordedMaterial_withRegistryStopped() throws Exception {
    Path cacheDir = tmp.resolve("cache");
    Reference ref;
    Digest digest;
    PullVerifier v = SignedRegistry.verifier(SignedRegistry.keyPolicy(tmp, cosignKey.getPublic()));
    try (DockerRegistry r = start()) {
      RegistryClient c = SignedRegistry.client(r);
      ref = SignedRegistry.push(c, r, "plugins/greeter", "greeter", artefactKey);
      new OciSigner(c).sign(ref, cosignKey.getPrivate(), Optional.empty(), Map.of());
      digest = SignedRegistry.digestOf(c, ref);
      PullResult first = SignedRegistry.puller(c, cacheDir).pull(ref, SignedRegistry.options(v));
      assertThat(first.fromCache()).isFalse();
    }
    RegistryClient offline = RegistryClient.create(RegistryConfig.builder().build());
    List<ProgressEvent> events = new ArrayList<>();
    Reference pinned = ref.withDigest(digest);
    PullResult again =
        SignedRegistry.puller(offline, cacheDir)
            .pull(pinned, SignedRegistry.options(v).withListener(events::add));
    assertThat(again.fromCache()).isTrue();
    assertThat(offline.requestCount()).isZero();
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.phase()).isEqualTo(ProgressEvent.Phase.VERIFYING);
              assertThat(e.message()).isEqualTo(digest + " (cached signatures)");
            });
    // By tag with the registry gone: the cached copy, verified again, with the age warning.
    PullResult byTag =
        SignedRegistry.puller(offline, cacheDir).pull(ref, SignedRegistry.options(v));
    assertThat(byTag.warning()).isPresent();

    // Not a cache flag: tampered material is refused, offline, and nothing is served.
    Path material;
    try (Stream<Path> s = Files.list(cacheDir.resolve("signatures"))) {
      material =
          s.filter(p -> p.getFileName().toString().startsWith(digest.hex()))
              .findFirst()
              .orElseThrow();
    }
    var tree =
        (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(material.toFile());
    var content = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("content");
    content.properties().forEach(e -> e.setValue(content.textNode("dGFtcGVyZWQ=")));
    Files.write(material, Json.MAPPER.writeValueAsBytes(tree));
    assertThatThrownBy(
            () -> SignedRegistry.puller(offline, cacheDir).pull(pinned, SignedRegistry.options(v)))
        .isInstanceOf(OciException.class)
        .satisfies(
            e -> assertThat(((OciException) e).kind()).isEqualTo(OciException.Kind.VERIFICATION))
        .hasMessageContaining("(cached signatures)");
  }

  @Test
  void signatureOfAnotherImage_copiedOntoThisOne_isRefused() throws Exception {
    try (DockerRegistry r = start()) {
      RegistryClient c = SignedRegistry.client(r);
      Reference a = SignedRegistry.push(c, r, "plugins/a", "greeter", artefactKey);
      Reference b = SignedRegistry.push(c, r, "plugins/a", "echo", artefactKey).withTag("2.0.0");
      PluginPusher.create(c)
          .push(
              dev.airlock.artefact.ArtefactReader.create()
                  .read(
                      Files.write(
                          tmp.resolve("e.tar.gz"),
                          Plugins.signed("echo", Plugins.wasm("echo"), artefactKey))),
              b,
              false,
              Optional.empty(),
              ProgressListener.NONE);
      a = SignedRegistry.push(c, r, "plugins/a", "greeter", artefactKey);
      Digest da = SignedRegistry.digestOf(c, a);
      Digest db = SignedRegistry.digestOf(c, b);
      assertThat(da).isNotEqualTo(db);
      new OciSigner(c).sign(a, cosignKey.getPrivate(), Optional.empty(), Map.of());
      // Copy A's signature manifest to B's signature tag, as an attacker with push access could.
      OciManifest sigA =
          c.getManifest(
              a.repository(), da.toString().replace(':', '-') + ".sig", MediaTypes.ALL_MANIFESTS);
      c.putManifest(
          a.repository(), db.toString().replace(':', '-') + ".sig", sigA.mediaType(), sigA.bytes());

      PullVerifier v =
          SignedRegistry.verifier(SignedRegistry.keyPolicy(tmp, cosignKey.getPublic()));
      assertThatThrownBy(
              () ->
                  SignedRegistry.puller(c, tmp.resolve("cache")).pull(b, SignedRegistry.options(v)))
          .isInstanceOf(OciException.class)
          .hasMessageContaining("No valid signatures found for oci://" + b)
          .hasMessageContaining(da.toString())
          .hasMessageContaining(db.toString());
      assertThat(new OciCache(tmp.resolve("cache")).list()).isEmpty();
      // A itself verifies.
      assertThat(
              SignedRegistry.puller(c, tmp.resolve("cache"))
                  .pull(a, SignedRegistry.options(v))
                  .manifestDigest())
          .isEqualTo(da);
    }
  }

  @Test
  void tooManySignatures_areRefusedPastTheLimit_andNothingIsCached() throws Exception {
    try (DockerRegistry r = start()) {
      RegistryClient c = SignedRegistry.client(r);
      Reference ref = SignedRegistry.push(c, r, "plugins/many", "greeter", artefactKey);
      Digest d = SignedRegistry.digestOf(c, ref);
      byte[] payload =
          dev.airlock.signature.SimpleSigningPayload.of(
                  d.toString(), ref.repository().toString(), Map.of())
              .toBytes();
      var layer =
          SignatureDocuments.legacyLayer(
              payload, SigningKeys.sign(otherKey.getPrivate(), payload), Optional.empty());
      List<dev.airlock.signature.LegacySignature> layers = new ArrayList<>();
      for (int i = 0; i < 65; i++) {
        layers.add(layer);
      }
      SignatureDocuments.Document doc = SignatureDocuments.legacyManifest(d.toString(), layers);
      for (SignatureDocuments.Blob blob : doc.blobs()) {
        c.pushBlob(
            ref.repository(),
            BlobContent.of(blob.bytes()),
            Descriptor.of(blob.mediaType(), blob.bytes(), Map.of()),
            Optional.empty());
      }
      c.putManifest(
          ref.repository(),
          doc.tag().orElseThrow(),
          doc.manifest().mediaType(),
          doc.manifest().bytes());

      PullVerifier v =
          SignedRegistry.verifier(SignedRegistry.keyPolicy(tmp, cosignKey.getPublic()));
      assertThatThrownBy(
              () ->
                  SignedRegistry.puller(c, tmp.resolve("cache"))
                      .pull(ref, SignedRegistry.options(v)))
          .isInstanceOf(OciException.class)
          .hasMessage(
              "oci://"
                  + ref
                  + ": "
                  + d
                  + " has more than 64 signatures; refusing (limit maxSignatures)");
      assertThat(new OciCache(tmp.resolve("cache")).list()).isEmpty();
    }
  }
}
