package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.testing.TestKeys;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls of Airlock's own layout against our fake registry (unit tests): the cache's artefact is
 * written while the module streams in, its small layers are checked before the module is requested,
 * and a cache hit writes the output in the same pass that re-checks the digest.
 */
class AirlockLayoutPullTest {
  static final String REPO = "plugins/echo";

  @TempDir Path tmp;
  FakeRegistry reg;
  byte[] wasm;
  byte[] tgz;
  Artefact artefact;

  @BeforeEach
  void setUp() throws Exception {
    reg = new FakeRegistry();
    wasm = Plugins.wasm("echo");
    tgz = Plugins.signed("echo", wasm, TestKeys.ed25519());
    artefact = ArtefactReader.create().readTarGz(new ByteArrayInputStream(tgz));
  }

  @AfterEach
  void tearDown() {
    reg.close();
  }

  PluginPuller puller() {
    return PluginPuller.create(
        RegistryClient.create(
            RegistryConfig.builder().attempts(1).backoff(Duration.ofMillis(1)).build()),
        new OciCache(tmp.resolve("cache")));
  }

  Reference ref(String tag) throws OciException {
    return Reference.parse("oci://" + reg.host() + "/" + REPO + ":" + tag);
  }

  /** Serves a manifest whose Airlock layers are the given bytes. */
  void serve(String tag, byte[] manifestJson, byte[] sigText) {
    byte[] config = Layouts.utf8("{\"architecture\":\"wasm\",\"os\":\"wasip1\"}");
    List<String> layers = new ArrayList<>();
    layers.add(Layouts.descriptor(MediaTypes.WASM, wasm, null));
    layers.add(Layouts.descriptor(MediaTypes.AIRLOCK_MANIFEST, manifestJson, null));
    if (sigText != null) {
      layers.add(Layouts.descriptor(MediaTypes.AIRLOCK_SIGNATURE, sigText, null));
      reg.blob(REPO, sigText);
    }
    byte[] m = Layouts.manifest(MediaTypes.WASM_CONFIG_V0, config, layers, null);
    reg.manifest(REPO, tag, MediaTypes.OCI_MANIFEST, m)
        .blob(REPO, config)
        .blob(REPO, wasm)
        .blob(REPO, manifestJson);
  }

  byte[] sigText() {
    return java.util.Base64.getEncoder().encode(artefact.signature().get());
  }

  @Test
  void pull_writesAnArtefactThatReadsBackWithTheSameSignedManifest() throws Exception {
    serve("1", artefact.manifestBytes(), sigText());
    PullResult r = puller().pull(ref("1"), PullOptions.defaults());
    assertThat(r.kind()).isEqualTo("airlock");
    assertThat(r.file().getFileName().toString())
        .isEqualTo(Digest.sha256(Files.readAllBytes(r.file())).hex() + ".tar.gz");
    Artefact back = ArtefactReader.create().read(r.file());
    assertThat(back.manifestBytes()).isEqualTo(artefact.manifestBytes());
    assertThat(back.signature()).contains(artefact.signature().get());
    assertThat(back.wasm()).isEqualTo(ByteBuffer.wrap(wasm));
  }

  @Test
  void nonCanonicalManifestLayer_isRefusedBeforeTheModuleIsRequested() throws Exception {
    String json = new String(artefact.manifestBytes(), StandardCharsets.UTF_8);
    serve("1", Layouts.utf8("{ " + json.substring(1)), sigText());
    assertThatThrownBy(() -> puller().pull(ref("1"), PullOptions.defaults()))
        .hasMessage(
            ref("1")
                + ": the manifest.json layer is not in canonical form, so its signature could not"
                + " be carried over; re-push it with 'airlock push'");
    assertModuleNeverRequested_andNothingLeft();
  }

  @Test
  void manifestClaimingOtherWasm_isRefusedBeforeTheModuleIsRequested() throws Exception {
    byte[] other = wasm.clone();
    other[other.length - 1] ^= 1;
    String json = new String(artefact.manifestBytes(), StandardCharsets.UTF_8);
    String claimed = Digest.sha256(other).hex();
    serve("1", Layouts.utf8(json.replace(Digest.sha256(wasm).hex(), claimed)), null);
    assertThatThrownBy(() -> puller().pull(ref("1"), PullOptions.defaults()))
        .hasMessage(
            ref("1")
                + ": its Airlock layers do not form a valid artefact: wasm sha256 mismatch:"
                + " manifest claims "
                + claimed
                + ", actual "
                + Digest.sha256(wasm).hex());
    assertModuleNeverRequested_andNothingLeft();
  }

  @Test
  void signatureLayerThatIsNotBase64_isRefused() throws Exception {
    serve("1", artefact.manifestBytes(), Layouts.utf8("not base64!"));
    assertThatThrownBy(() -> puller().pull(ref("1"), PullOptions.defaults()))
        .hasMessage(ref("1") + ": the plugin.sig layer is not base64");
    assertModuleNeverRequested_andNothingLeft();
  }

  @Test
  void cachedPull_withOutput_writesItInTheCheckingPass_damagedCopyIsFetchedAgain()
      throws Exception {
    serve("1", artefact.manifestBytes(), sigText());
    PluginPuller p = puller();
    PullResult first = p.pull(ref("1"), PullOptions.defaults());
    byte[] cached = Files.readAllBytes(first.file());
    Reference pinned = ref("1").withDigest(first.manifestDigest());
    Path out = tmp.resolve("out/echo.tar.gz");
    int seen = reg.seen.size();
    PullResult hit = p.pull(pinned, PullOptions.defaults().withOutput(out));
    assertThat(hit.fromCache()).isTrue();
    assertThat(reg.seen).hasSize(seen);
    assertThat(out).hasBinaryContent(cached);

    byte[] damaged = cached.clone();
    damaged[damaged.length / 2] ^= 1;
    Files.write(first.file(), damaged);
    Files.delete(out);
    PullResult healed = p.pull(pinned, PullOptions.defaults().withOutput(out));
    assertThat(healed.fromCache()).isFalse();
    assertThat(out).hasBinaryContent(cached);
    assertThat(healed.file()).hasBinaryContent(cached);
    try (Stream<Path> s = Files.list(out.getParent())) {
      assertThat(s.toList()).as("partial files beside the output").containsExactly(out);
    }
  }

  void assertModuleNeverRequested_andNothingLeft() throws Exception {
    assertThat(reg.seen)
        .as("requests for the module")
        .noneMatch(s -> s.path().endsWith("/blobs/" + Digest.sha256(wasm)));
    assertThat(tmp.resolve("cache/refs")).doesNotExist();
    try (Stream<Path> s = Files.walk(tmp.resolve("cache"))) {
      assertThat(s.filter(Files::isRegularFile).toList()).as("files left in the cache").isEmpty();
    }
  }
}
