package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.sign.KeepServingResolver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An image index entry for the host's exact os/arch is a native plugin: classified, pulled and
 * cached, never loaded (against our fake registry; unit tests).
 */
class NativePlatformTest {
  static final String REPO = "plugins/mixed";
  static final Platform LINUX_AMD64 = Platform.parse("linux/amd64");
  static final byte[] ELF = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0};
  static final String SO_LAYER = "application/vnd.oci.image.layer.v1.tar";

  @TempDir Path tmp;
  FakeRegistry reg;
  byte[] wasm;

  @BeforeEach
  void setUp() throws Exception {
    reg = new FakeRegistry();
    wasm = Plugins.wasm("echo");
  }

  @AfterEach
  void tearDown() {
    reg.close();
  }

  PluginPuller puller() {
    return PluginPuller.create(
            RegistryClient.create(
                RegistryConfig.builder().attempts(1).backoff(Duration.ofMillis(1)).build()),
            new OciCache(tmp.resolve("cache")))
        .with(Clock.systemUTC(), LINUX_AMD64);
  }

  /** An index with a native linux/amd64 entry (given layers) and a wasip1/wasm entry. */
  Reference index(byte[]... nativeLayers) throws OciException {
    byte[] config = Layouts.utf8("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
    List<String> layers = new ArrayList<>();
    for (byte[] l : nativeLayers) {
      layers.add(Layouts.descriptor(SO_LAYER, l, "{\"org.opencontainers.image.title\":\"p.so\"}"));
      reg.blob(REPO, l);
    }
    byte[] nat = Layouts.manifest("application/vnd.oci.image.config.v1+json", config, layers, null);
    byte[] wasmManifest = ForeignLayouts.all(wasm).get(0).manifest();
    reg.manifest(REPO, null, MediaTypes.OCI_MANIFEST, nat)
        .manifest(REPO, null, MediaTypes.OCI_MANIFEST, wasmManifest)
        .blob(REPO, config)
        .blob(REPO, wasm);
    String idx =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_INDEX
            + "\",\"manifests\":["
            + entry(nat, "linux", "amd64")
            + ","
            + entry(wasmManifest, "wasip1", "wasm")
            + "]}";
    reg.manifest(REPO, "1", MediaTypes.OCI_INDEX, Layouts.utf8(idx));
    return Reference.parse("oci://" + reg.host() + "/" + REPO + ":1");
  }

  static String entry(byte[] m, String os, String arch) {
    return Layouts.descriptor(MediaTypes.OCI_MANIFEST, m, null)
        .replaceFirst(
            "}$", ",\"platform\":{\"os\":\"" + os + "\",\"architecture\":\"" + arch + "\"}}");
  }

  @Test
  void hostMatch_isPulledAndCachedAsNative_butItsLoadIsRefused() throws Exception {
    Reference ref = index(ELF);
    PullResult r = puller().pull(ref, PullOptions.defaults());
    assertThat(r.kind()).isEqualTo("native");
    assertThat(r.layout()).isEqualTo("native");
    assertThat(r.file()).hasBinaryContent(ELF);
    assertThat(r.file().getFileName().toString()).isEqualTo(Digest.sha256(ELF).hex() + ".native");
    assertThat(new OciCache(tmp.resolve("cache")).list())
        .extracting(CacheEntry::kind)
        .containsOnly("native");
    String refused =
        ref
            + " is a native plugin (built for this host's os/arch; pulled and cached as "
            + Digest.sha256(ELF).hex()
            + ".native); loading native code needs an explicit opt-in (--allow-native), which"
            + " Airlock does not offer yet; use a wasm build instead (--platform wasip1/wasm) if"
            + " the index has one";
    assertThatThrownBy(r::loadableFile)
        .isInstanceOf(OciException.class)
        .hasMessage(refused)
        .extracting(e -> ((OciException) e).kind())
        .isEqualTo(OciException.Kind.UNSUPPORTED);
    assertThatThrownBy(
            () ->
                new OciReferenceResolver(puller(), PullOptions.defaults()).resolve(ref.toString()))
        .hasMessage("refused provider " + ref + ": " + refused);
    assertThatThrownBy(
            () ->
                new KeepServingResolver(puller(), PullOptions.defaults(), w -> {})
                    .resolve(ref.toString()))
        .hasMessage("refused provider " + ref + ": " + refused);

    int seen = reg.seen.size();
    PullResult again = puller().pull(ref.withDigest(r.manifestDigest()), PullOptions.defaults());
    assertThat(again.fromCache()).isTrue();
    assertThat(again.kind()).isEqualTo("native");
    assertThat(reg.seen).hasSize(seen);
  }

  @Test
  void platformOverride_picksTheWasmBuild_whichLoads() throws Exception {
    Reference ref = index(ELF);
    PullResult r = puller().pull(ref, PullOptions.defaults().withPlatform(Platform.WASIP1));
    assertThat(r.kind()).isEqualTo("wasm");
    assertThat(r.loadableFile()).hasBinaryContent(wasm);
  }

  @Test
  void nativeEntryWithTwoLayers_isRefused_andNothingIsLeft() throws Exception {
    Reference ref = index(ELF, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> puller().pull(ref, PullOptions.defaults()))
        .hasMessage(
            ref
                + " resolves to a native plugin for linux/amd64 with 2 layers; Airlock keeps a"
                + " native plugin as one file, so it needs exactly one layer");
    try (Stream<Path> s = Files.walk(tmp.resolve("cache"))) {
      assertThat(s.filter(Files::isRegularFile).toList()).as("files left in the cache").isEmpty();
    }
  }

  @Test
  void inspect_saysNative_andWhyItIsNotLoaded() throws Exception {
    Reference ref = index(ELF);
    Inspection i =
        Inspection.of(
            RegistryClient.create(RegistryConfig.builder().build()), ref, Optional.of(LINUX_AMD64));
    assertThat(i.platforms()).containsExactly(LINUX_AMD64, Platform.WASIP1);
    assertThat(i.kind())
        .isEqualTo(
            "native plugin for linux/amd64 (one "
                + SO_LAYER
                + " layer; pulled and cached, but loading native code needs an explicit opt-in"
                + " (--allow-native), which Airlock does not offer yet)");
  }
}
