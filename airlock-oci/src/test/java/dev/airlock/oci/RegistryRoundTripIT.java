package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.host.PluginHost;
import dev.airlock.host.SettingsProvider;
import dev.airlock.oci.auth.CredentialStore;
import dev.airlock.oci.auth.Credentials;
import dev.airlock.testing.DockerRegistry;
import dev.airlock.testing.TestKeys;
import dev.airlock.trust.ArtefactVerifier;
import dev.airlock.trust.TrustRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Push then pull of the example plugins against Debian's docker-registry in all three modes. */
class RegistryRoundTripIT {
  @TempDir Path tmp;

  static RegistryConfig config(DockerRegistry r, boolean withCredentials) throws Exception {
    CredentialStore creds =
        withCredentials
            ? reg ->
                reg.equals(r.hostPort())
                    ? Optional.of(new Credentials(DockerRegistry.USER, DockerRegistry.PASSWORD))
                    : Optional.empty()
            : CredentialStore.NONE;
    return RegistryConfig.builder().credentials(creds).certsDirs(List.of(r.certsDir())).build();
  }

  /** Debian's docker-registry in this mode, or the test is skipped when it is not installed. */
  DockerRegistry registry(DockerRegistry.Mode mode) throws Exception {
    assumeTrue(
        DockerRegistry.available(),
        "docker-registry is not installed (apt-get install docker-registry)");
    return DockerRegistry.start(mode, Files.createDirectories(tmp.resolve("reg")));
  }

  @ParameterizedTest
  @EnumSource(DockerRegistry.Mode.class)
  void pushThenPull_examplePlugins_comeBackByteForByteAndVerify(DockerRegistry.Mode mode)
      throws Exception {
    KeyPair key = TestKeys.ed25519();
    try (DockerRegistry r = registry(mode)) {
      RegistryClient client = RegistryClient.create(config(r, true));
      for (String name : Plugins.EXAMPLES) {
        byte[] tgz = Plugins.signed(name, Plugins.wasm(name), key);
        Path file = tmp.resolve(name + ".tar.gz");
        Files.write(file, tgz);
        Artefact a = ArtefactReader.create().read(file);
        Reference ref = Reference.parse("oci://" + r.hostPort() + "/plugins/" + name + ":1.2.3");
        Digest pushed =
            PluginPusher.create(client)
                .push(a, ref, false, Optional.empty(), ProgressListener.NONE);
        assertThat(pushed).isEqualTo(PluginPusher.manifestDigest(a));

        OciCache cache = new OciCache(tmp.resolve("cache-" + name));
        Path out = tmp.resolve("out-" + name + ".tar.gz");
        PullResult pulled =
            PluginPuller.create(RegistryClient.create(config(r, true)), cache)
                .pull(ref, PullOptions.defaults().withOutput(out));
        assertThat(pulled.manifestDigest()).isEqualTo(pushed);
        assertThat(pulled.kind()).isEqualTo("airlock");
        Artefact back = ArtefactReader.create().read(out);
        assertThat(back.manifestBytes()).isEqualTo(a.manifestBytes());
        assertThat(back.wasm()).isEqualTo(a.wasm());
        assertThat(back.signature().get()).isEqualTo(a.signature().get());
        TrustRoot root = TrustRoot.of(Map.of("test", key.getPublic()));
        assertThat(ArtefactVerifier.trusting(root).verify(back).signer()).contains("test");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(DockerRegistry.Mode.class)
  void pushThenPull_aLargePlugin_overTheBlockingUpload_comesBackByteForByte(
      DockerRegistry.Mode mode) throws Exception {
    KeyPair key = TestKeys.ed25519();
    try (DockerRegistry r = registry(mode)) {
      // A module over BlockingExchange.MIN_BODY_BYTES: its layer goes over HttpURLConnection,
      // through this mode's TLS and authentication.
      byte[] wasm =
          dev.airlock.testing.WasmModules.ofSize((int) BlockingExchange.MIN_BODY_BYTES * 3 / 2, 11);
      Path file = tmp.resolve("large.tar.gz");
      Files.write(file, Plugins.signed("large", wasm, key));
      Artefact a = ArtefactReader.create().read(file);
      Reference ref = Reference.parse("oci://" + r.hostPort() + "/plugins/large:1.0.0");
      HttpRegistryClient client = (HttpRegistryClient) RegistryClient.create(config(r, true));
      Digest pushed =
          PluginPusher.create(client).push(a, ref, false, Optional.empty(), ProgressListener.NONE);
      assertThat(client.transport.blockingSent()).isPositive();
      assertThat(client.transport.blockingFallbacks()).isZero();

      Path out = tmp.resolve("large-out.tar.gz");
      PluginPuller.create(
              RegistryClient.create(config(r, true)), new OciCache(tmp.resolve("cache-large")))
          .pull(ref, PullOptions.defaults().withOutput(out));
      Artefact back = ArtefactReader.create().read(out);
      assertThat(back.wasm()).isEqualTo(a.wasm());
      assertThat(back.manifestBytes()).isEqualTo(a.manifestBytes());
      assertThat(pushed).isEqualTo(PluginPusher.manifestDigest(a));
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = DockerRegistry.Mode.class,
      names = {"BASIC", "TOKEN"})
  void pull_withoutCredentials_isRefusedWithLoginHint(DockerRegistry.Mode mode) throws Exception {
    try (DockerRegistry r = registry(mode)) {
      Reference ref = Reference.parse("oci://" + r.hostPort() + "/plugins/greeter:1.0.0");
      OciCache cache = new OciCache(tmp.resolve("cache"));
      assertThatThrownBy(
              () ->
                  PluginPuller.create(RegistryClient.create(config(r, false)), cache)
                      .pull(ref, PullOptions.defaults()))
          .isInstanceOf(OciException.class)
          .hasMessageContaining("airlock registry login " + r.hostPort());
      assertThat(cache.list()).isEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(DockerRegistry.Mode.class)
  void host_loadsProviderGivenAsOciReference(DockerRegistry.Mode mode) throws Exception {
    KeyPair key = TestKeys.ed25519();
    try (DockerRegistry r = registry(mode)) {
      RegistryClient client = RegistryClient.create(config(r, true));
      Path file = tmp.resolve("greeter.tar.gz");
      Files.write(file, Plugins.signed("greeter", Plugins.wasm("greeter"), key));
      String ref = "oci://" + r.hostPort() + "/plugins/greeter:1.2.3";
      PluginPusher.create(client)
          .push(
              ArtefactReader.create().read(file),
              Reference.parse(ref),
              true,
              Optional.empty(),
              ProgressListener.NONE);
      PluginPuller puller = PluginPuller.create(client, new OciCache(tmp.resolve("cache")));
      try (PluginHost host =
          PluginHost.builder()
              .pluginsDirectory(tmp.resolve("plugins"))
              .trustRoot(TrustRoot.of(Map.of("test", key.getPublic())))
              .hotReload(false)
              .providers(List.of(new SettingsProvider("greeter", ref, Optional.empty(), Map.of())))
              .referenceResolver(new OciReferenceResolver(puller, PullOptions.defaults()))
              .build()) {
        host.start();
        assertThat(host.plugin("greeter")).isPresent();
        assertThat(host.plugin("greeter").get().status().toString()).isEqualTo("ENABLED");
      }
      assertThat(tmp.resolve("plugins/greeter.tar.gz")).exists();
    }
  }
}
