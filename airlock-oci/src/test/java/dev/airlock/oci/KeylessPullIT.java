package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.host.PluginHost;
import dev.airlock.host.SettingsProvider;
import dev.airlock.oci.keyless.KeylessSigner;
import dev.airlock.oci.sign.KeepServingResolver;
import dev.airlock.oci.sign.OciSigner;
import dev.airlock.oci.sign.SignaturePullVerifier;
import dev.airlock.signature.VerificationResult;
import dev.airlock.testing.DockerRegistry;
import dev.airlock.testing.MockSigstoreServers;
import dev.airlock.testing.NpmMockSigstore;
import dev.airlock.testing.TestKeys;
import dev.airlock.trust.TrustRoot;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keyless end to end: a bundle made by npm {@code sigstore} + {@code @sigstore/mock} (GitHub
 * Actions identity {@code acme/plugins}) over a pushed plugin's manifest, attached as a referrer
 * with the {@code sha256-<hex>} index (docker-registry 2.8 has no referrers API), verified by a
 * host under a githubAction policy and refused under another owner or another instance's root.
 */
class KeylessPullIT {
  @TempDir Path tmp;

  private final KeyPair artefactKey = TestKeys.ed25519();

  @BeforeAll
  static void tools() throws Exception {
    assumeTrue(DockerRegistry.available(), "docker-registry is not installed");
    NpmMockSigstore.install();
  }

  @Test
  void mockKeylessBundle_asFallbackReferrer_loadsUnderGithubPolicy_refusedOtherwise()
      throws Exception {
    try (DockerRegistry r =
        DockerRegistry.start(
            DockerRegistry.Mode.PLAIN, Files.createDirectories(tmp.resolve("reg")))) {
      RegistryClient c = SignedRegistry.client(r);
      Reference ref = SignedRegistry.push(c, r, "plugins/greeter", "greeter", artefactKey);
      OciManifest m = c.getManifest(ref.repository(), ref.identifier(), MediaTypes.ALL_MANIFESTS);
      Path manifest = Files.write(tmp.resolve("manifest.json"), m.bytes());
      Path a = NpmMockSigstore.generate(Files.createDirectories(tmp.resolve("a")), manifest);
      Path b = NpmMockSigstore.generate(Files.createDirectories(tmp.resolve("b")), manifest);

      OciSigner.Attached at =
          new OciSigner(c).attach(ref, Files.readAllBytes(a.resolve("message.json")));
      assertThat(at.fallbackTag()).contains(m.digest().toString().replace(':', '-'));

      Path good = SignedRegistry.githubPolicy(tmp, "acme", a.resolve("trusted_root.json"));
      List<VerificationResult> seen = new ArrayList<>();
      PullVerifier v =
          ((SignaturePullVerifier) SignedRegistry.verifier(good)).onVerified(seen::add);
      try (PluginHost h = host(v, "oci://" + ref, tmp.resolve("c1"))) {
        h.start();
        assertThat(h.plugin("greeter").get().status().toString()).isEqualTo("ENABLED");
      }
      assertThat(seen.get(0).matches().get(0).signer().identity())
          .isEqualTo(
              "https://github.com/acme/plugins/.github/workflows/release.yml@refs/heads/main");
      assertThat(seen.get(0).matches().get(0).rule()).contains("acme");

      PullVerifier evil =
          SignedRegistry.verifier(
              SignedRegistry.githubPolicy(tmp, "evil", a.resolve("trusted_root.json")));
      assertThatThrownBy(
              () ->
                  SignedRegistry.puller(c, tmp.resolve("c2"))
                      .pull(ref, SignedRegistry.options(evil)))
          .isInstanceOf(OciException.class)
          .hasMessageContaining(
              "signature by https://github.com/acme/plugins/.github/workflows/release.yml@refs/heads/main")
          .hasMessageContaining("does not satisfy policy")
          .hasMessageContaining("workflow should be under https://github.com/evil/");

      PullVerifier otherInstance =
          SignedRegistry.verifier(
              SignedRegistry.githubPolicy(tmp, "acme", b.resolve("trusted_root.json")));
      assertThatThrownBy(
              () ->
                  SignedRegistry.puller(c, tmp.resolve("c3"))
                      .pull(ref, SignedRegistry.options(otherInstance)))
          .isInstanceOf(OciException.class)
          .hasMessageStartingWith("No valid signatures found for oci://" + ref);
      assertThat(new OciCache(tmp.resolve("c2")).list()).isEmpty();
      assertThat(new OciCache(tmp.resolve("c3")).list()).isEmpty();
    }
  }

  /**
   * Our own keyless signer against the mock Fulcio and Rekor over real HTTP: the bundle it makes
   * loads in a host under the matching GitHub identity, is refused under another owner with the
   * policy's reason, and npm's independent verifier accepts it with the same trusted root.
   */
  @Test
  void ourKeylessSigner_overHttpMock_loadsUnderGithubPolicy_refusedOtherwise_npmVerifies()
      throws Exception {
    try (DockerRegistry r =
            DockerRegistry.start(
                DockerRegistry.Mode.PLAIN, Files.createDirectories(tmp.resolve("reg")));
        MockSigstoreServers mock = MockSigstoreServers.start(tmp.resolve("mock"))) {
      RegistryClient c = SignedRegistry.client(r);
      Reference ref = SignedRegistry.push(c, r, "plugins/greeter", "greeter", artefactKey);
      OciManifest m = c.getManifest(ref.repository(), ref.identifier(), MediaTypes.ALL_MANIFESTS);
      KeylessSigner signer =
          KeylessSigner.builder()
              .fulcioUrl(URI.create(mock.fulcioUrl()))
              .rekorUrl(URI.create(mock.rekorUrl()))
              .identityToken(MockSigstoreServers.githubToken("acme/plugins"))
              .build();

      OciSigner.SignedKeyless s = new OciSigner(c).signKeyless(ref, signer);
      String subject = MockSigstoreServers.githubSubject("acme/plugins");
      assertThat(s.signature().identities()).containsExactly(subject);
      assertThat(s.attached().manifestDigest()).isEqualTo(m.digest());
      assertThat(s.attached().fallbackTag()).contains(m.digest().toString().replace(':', '-'));

      Path good = SignedRegistry.githubPolicy(tmp, "acme", mock.trustedRoot());
      List<VerificationResult> seen = new ArrayList<>();
      PullVerifier v =
          ((SignaturePullVerifier) SignedRegistry.verifier(good)).onVerified(seen::add);
      try (PluginHost h = host(v, "oci://" + ref, tmp.resolve("c1"))) {
        h.start();
        assertThat(h.plugin("greeter").get().status().toString()).isEqualTo("ENABLED");
      }
      assertThat(seen.get(0).matches().get(0).signer().identity()).isEqualTo(subject);

      PullVerifier evil =
          SignedRegistry.verifier(SignedRegistry.githubPolicy(tmp, "evil", mock.trustedRoot()));
      assertThatThrownBy(
              () ->
                  SignedRegistry.puller(c, tmp.resolve("c2"))
                      .pull(ref, SignedRegistry.options(evil)))
          .isInstanceOf(OciException.class)
          .hasMessageContaining("signature by " + subject)
          .hasMessageContaining("does not satisfy policy")
          .hasMessageContaining("workflow should be under https://github.com/evil/");
      assertThat(new OciCache(tmp.resolve("c2")).list()).isEmpty();

      Path bundle = Files.write(tmp.resolve("ours.sigstore.json"), s.signature().bundle());
      Path manifest = Files.write(tmp.resolve("manifest.json"), m.bytes());
      String npm =
          NpmMockSigstore.verifyKeyless(
              bundle, manifest, mock.trustedRoot(), subject, MockSigstoreServers.GITHUB_ISSUER);
      assertThat(npm)
          .contains("\"verified\":true")
          .contains("\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"");
      assertThatThrownBy(
              () ->
                  NpmMockSigstore.verifyKeyless(
                      bundle,
                      manifest,
                      mock.trustedRoot(),
                      "https://github.com/evil/x",
                      MockSigstoreServers.GITHUB_ISSUER))
          .hasMessageContaining("failed (1)");
    }
  }

  private PluginHost host(PullVerifier v, String ref, Path cache) throws Exception {
    RegistryClient c = RegistryClient.create(RegistryConfig.builder().build());
    return PluginHost.builder()
        .pluginsDirectory(tmp.resolve("plugins"))
        .trustRoot(TrustRoot.of(Map.of("test", artefactKey.getPublic())))
        .hotReload(false)
        .providers(List.of(new SettingsProvider("greeter", ref, Optional.empty(), Map.of())))
        .referenceResolver(
            new KeepServingResolver(
                SignedRegistry.puller(c, cache), SignedRegistry.options(v), w -> {}))
        .build();
  }
}
