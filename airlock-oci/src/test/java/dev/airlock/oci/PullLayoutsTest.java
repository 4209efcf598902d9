package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Layouts, platforms and cache behaviour against our fake registry (unit tests). */
class PullLayoutsTest {
  static final String REPO = "plugins/echo";
  static final Platform LINUX_AMD64 = Platform.parse("linux/amd64");

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

  RegistryClient client() {
    return RegistryClient.create(
        RegistryConfig.builder().attempts(1).backoff(Duration.ofMillis(1)).build());
  }

  PluginPuller puller(Clock clock) {
    return PluginPuller.create(client(), new OciCache(tmp.resolve("cache")))
        .with(clock, LINUX_AMD64);
  }

  static Stream<ForeignLayouts> layouts() throws Exception {
    return ForeignLayouts.all(Plugins.wasm("echo")).stream();
  }

  @ParameterizedTest
  @MethodSource("layouts")
  void everyForeignLayout_givesTheModule(ForeignLayouts l) throws Exception {
    byte[] m = l.manifest();
    reg.manifest(REPO, "1", MediaTypes.OCI_MANIFEST, m).blob(REPO, l.layer());
    PullResult r =
        puller(Clock.systemUTC())
            .pull(
                Reference.parse("oci://" + reg.host() + "/" + REPO + ":1"), PullOptions.defaults());
    assertThat(r.layout()).isEqualTo(l.name());
    assertThat(r.kind()).isEqualTo("wasm");
    assertThat(r.file()).hasBinaryContent(wasm);
  }

  @Test
  void tarLayer_withAnotherTargetFile() throws Exception {
    byte[] layer = dev.airlock.testing.Gzip.compress(ForeignLayouts.tar("filter.wasm", wasm));
    byte[] m =
        Layouts.manifest(
            MediaTypes.OCI_EMPTY,
            Layouts.utf8("{}"),
            List.of(Layouts.descriptor("application/vnd.oci.image.layer.v1.tar+gzip", layer, null)),
            null);
    reg.manifest(REPO, "1", MediaTypes.OCI_MANIFEST, m).blob(REPO, layer);
    Reference ref = Reference.parse("oci://" + reg.host() + "/" + REPO + ":1");
    assertThatThrownBy(() -> puller(Clock.systemUTC()).pull(ref, PullOptions.defaults()))
        .hasMessage(
            "Could not determine plugin type of "
                + ref
                + ": its archive layer has no"
                + " file named 'plugin.wasm' (set the target file name to the module's path in the"
                + " archive)");
    assertThat(
            puller(Clock.systemUTC())
                .pull(ref, PullOptions.defaults().withTargetFile("filter.wasm"))
                .file())
        .hasBinaryContent(wasm);
  }

  byte[] index(String... platforms) {
    byte[] m = ForeignLayouts.all(wasm).get(0).manifest();
    reg.manifest(REPO, null, MediaTypes.OCI_MANIFEST, m).blob(REPO, wasm);
    StringBuilder entries = new StringBuilder();
    for (String p : platforms) {
      String[] osArch = p.split("/");
      entries
          .append(entries.isEmpty() ? "" : ",")
          .append("{\"mediaType\":\"")
          .append(MediaTypes.OCI_MANIFEST)
          .append("\",\"digest\":\"")
          .append(Digest.sha256(m))
          .append("\",\"size\":")
          .append(m.length)
          .append(",\"platform\":{\"os\":\"")
          .append(osArch[0])
          .append("\",\"architecture\":\"")
          .append(osArch[1])
          .append("\"}}");
    }
    byte[] idx =
        Layouts.utf8(
            "{\"schemaVersion\":2,\"mediaType\":\""
                + MediaTypes.OCI_INDEX
                + "\",\"manifests\":["
                + entries
                + "]}");
    reg.manifest(REPO, "idx", MediaTypes.OCI_INDEX, idx);
    return idx;
  }

  Reference idxRef() throws OciException {
    return Reference.parse("oci://" + reg.host() + "/" + REPO + ":idx");
  }

  @Test
  void index_wasiFallback_isUsedWhenNoHostBuild() throws Exception {
    index("linux/arm64", "wasip1/wasm");
    assertThat(puller(Clock.systemUTC()).pull(idxRef(), PullOptions.defaults()).file())
        .hasBinaryContent(wasm);
  }

  @Test
  void index_nothingUsable_exactMessage() throws Exception {
    index("linux/arm64", "windows/amd64");
    assertThatThrownBy(() -> puller(Clock.systemUTC()).pull(idxRef(), PullOptions.defaults()))
        .hasMessage(
            "Image index contains no manifest for the host platform (linux/amd64) and no"
                + " wasi/wasm fallback was found.");
    assertThat(tmp.resolve("cache/refs")).doesNotExist();
  }

  @Test
  void index_hostMatch_isNative_platformOverridePicksWasm() throws Exception {
    index("linux/amd64", "wasip1/wasm");
    PullResult r = puller(Clock.systemUTC()).pull(idxRef(), PullOptions.defaults());
    assertThat(r.kind()).isEqualTo("native");
    assertThatThrownBy(r::loadableFile).hasMessageContaining("(--allow-native)");
    PullResult w =
        puller(Clock.systemUTC())
            .pull(idxRef(), PullOptions.defaults().withPlatform(Platform.WASIP1));
    assertThat(w.kind()).isEqualTo("wasm");
    assertThat(w.file()).hasBinaryContent(wasm);
  }

  @Test
  void index_onlyWasip2_isRefusedClearly() throws Exception {
    index("wasip2/wasm");
    assertThatThrownBy(() -> puller(Clock.systemUTC()).pull(idxRef(), PullOptions.defaults()))
        .hasMessage(
            "Image index "
                + idxRef()
                + " offers only wasip2 components (wasip2/wasm);"
                + " Airlock runs wasip1 core modules, not components");
  }

  @Test
  void offline_cachedTag_isUsedWithItsAge_uncached_saysSo() throws Exception {
    byte[] m = ForeignLayouts.all(wasm).get(0).manifest();
    reg.manifest(REPO, "1", MediaTypes.OCI_MANIFEST, m).blob(REPO, wasm);
    Instant t0 = Instant.parse("2026-05-01T10:00:00Z");
    Reference ref = Reference.parse("oci://" + reg.host() + "/" + REPO + ":1");
    puller(Clock.fixed(t0, ZoneOffset.UTC)).pull(ref, PullOptions.defaults());
    reg.close();
    PullResult r =
        puller(Clock.fixed(t0.plusSeconds(3 * 3600 + 12 * 60), ZoneOffset.UTC))
            .pull(ref, PullOptions.defaults());
    assertThat(r.fromCache()).isTrue();
    assertThat(r.file()).hasBinaryContent(wasm);
    assertThat(r.warning())
        .contains(
            "registry "
                + reg.host()
                + " cannot be reached; using the"
                + " cached copy of "
                + ref
                + " ("
                + Digest.sha256(m)
                + ") retrieved 3h 12m ago");
    Reference other = Reference.parse("oci://" + reg.host() + "/" + REPO + ":2");
    assertThatThrownBy(() -> puller(Clock.systemUTC()).pull(other, PullOptions.defaults()))
        .isInstanceOf(OciException.class)
        .hasMessageStartingWith("no network and no cached version of " + other + " (");
  }

  @Test
  void cachedTag_costsOneHead_forceRefetches_damagedCacheIsRefetched() throws Exception {
    byte[] m = ForeignLayouts.all(wasm).get(0).manifest();
    reg.manifest(REPO, "1", MediaTypes.OCI_MANIFEST, m).blob(REPO, wasm);
    Reference ref = Reference.parse("oci://" + reg.host() + "/" + REPO + ":1");
    PluginPuller p = puller(Clock.systemUTC());
    PullResult first = p.pull(ref, PullOptions.defaults());
    int before = reg.seen.size();
    assertThat(p.pull(ref, PullOptions.defaults()).fromCache()).isTrue();
    assertThat(reg.seen.subList(before, reg.seen.size()))
        .extracting(FakeRegistry.Seen::method)
        .containsExactly("HEAD");
    assertThat(p.pull(ref, PullOptions.defaults().withForce(true)).fromCache()).isFalse();
    java.nio.file.Files.write(first.file(), new byte[] {1, 2, 3});
    PullResult healed = p.pull(ref, PullOptions.defaults());
    assertThat(healed.fromCache()).isFalse();
    assertThat(healed.file()).hasBinaryContent(wasm);
  }

  @Test
  void verifier_runsBetweenResolveAndDownload_andItsRefusalLeavesNothing() throws Exception {
    byte[] m = ForeignLayouts.all(wasm).get(0).manifest();
    reg.manifest(REPO, "1", MediaTypes.OCI_MANIFEST, m).blob(REPO, wasm);
    Reference ref = Reference.parse("oci://" + reg.host() + "/" + REPO + ":1");
    List<String> saw = new java.util.ArrayList<>();
    PullVerifier refuse =
        new PullVerifier() {
          @Override
          public String name() {
            return "test";
          }

          @Override
          public void verify(Reference r, Digest d, RegistryView view) throws OciException {
            saw.add(
                r
                    + " "
                    + d
                    + " "
                    + view.referrers(r.repository(), d, Optional.empty()).supported());
            throw new OciException(OciException.Kind.VERIFICATION, "no signature for " + d);
          }
        };
    assertThatThrownBy(
            () -> puller(Clock.systemUTC()).pull(ref, PullOptions.defaults().withVerifier(refuse)))
        .hasMessage("no signature for " + Digest.sha256(m));
    assertThat(saw).containsExactly(ref + " " + Digest.sha256(m) + " false");
    assertThat(reg.seen).noneMatch(s -> s.path().contains("/blobs/"));
    assertThat(tmp.resolve("cache/refs")).doesNotExist();
  }

  @Test
  void pinnedWithTagAndDigest_cached_makesNoRequest_uncachedOffline_saysSo() throws Exception {
    byte[] m = ForeignLayouts.all(wasm).get(0).manifest();
    reg.manifest(REPO, "1", MediaTypes.OCI_MANIFEST, m).blob(REPO, wasm);
    Reference both = Reference.parse("oci://" + reg.host() + "/" + REPO + ":1@" + Digest.sha256(m));
    PluginPuller p = puller(Clock.systemUTC());
    p.pull(Reference.parse("oci://" + reg.host() + "/" + REPO + ":1"), PullOptions.defaults());
    int seen = reg.seen.size();
    assertThat(p.pull(both, PullOptions.defaults()).fromCache()).isTrue();
    assertThat(reg.seen).hasSize(seen);
    reg.close();
    Reference other =
        Reference.parse("oci://" + reg.host() + "/" + REPO + "@sha256:" + "e".repeat(64));
    assertThatThrownBy(() -> p.pull(other, PullOptions.defaults()))
        .hasMessageStartingWith("no network and no cached version of " + other + " (");
  }
}
