package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.testing.TestKeys;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The multi-platform index PluginPusher.pushIndex builds (unit tests, no registry). */
class PlatformIndexTest {
  static final Platform LINUX_AMD64 = Platform.parse("linux/amd64");
  static final byte[] SO = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};

  static Artefact echo() throws Exception {
    byte[] tgz = Plugins.signed("echo", Plugins.wasm("echo"), TestKeys.ed25519());
    return ArtefactReader.create().readTarGz(new ByteArrayInputStream(tgz));
  }

  static byte[] index(List<PlatformEntry> entries) {
    List<PlatformEntry> sorted = PlatformIndex.sorted(entries);
    return PlatformIndex.bytes(sorted, sorted.stream().map(PlatformEntry::image).toList());
  }

  @Test
  void sameEntriesInAnyOrder_giveTheSameIndex_withEachPlatform() throws Exception {
    Artefact echo = echo();
    PlatformEntry w = PlatformEntry.wasm(Platform.WASIP1, echo);
    PlatformEntry n = PlatformEntry.nativeFile(LINUX_AMD64, "libecho.so", SO);
    byte[] a = index(List.of(w, n));
    assertThat(index(List.of(n, w))).isEqualTo(a);
    OciManifest idx = OciManifest.parse(a, MediaTypes.OCI_INDEX, "test");
    assertThat(idx.manifests())
        .extracting(d -> d.platform().get())
        .containsExactly(LINUX_AMD64, Platform.WASIP1);
    assertThat(idx.manifests().get(0).digest()).isEqualTo(Digest.sha256(n.image().manifest()));
    assertThat(idx.manifests().get(1).digest()).isEqualTo(PluginPusher.manifestDigest(echo));
  }

  @Test
  void oneWasmEntry_isTheIndexThatPushWithIndexMakes() throws Exception {
    Artefact echo = echo();
    assertThat(index(List.of(PlatformEntry.wasm(Platform.WASIP1, echo))))
        .isEqualTo(WasmArtifact.of(echo).index());
  }

  @Test
  void nativeEntry_isOneTitledLayer_thatPullersClassifyAsNative() throws Exception {
    byte[] m = PlatformEntry.nativeFile(LINUX_AMD64, "libecho.so", SO).image().manifest();
    OciManifest parsed = OciManifest.parse(m, MediaTypes.OCI_MANIFEST, "test");
    assertThat(parsed.layers()).hasSize(1);
    assertThat(parsed.layers().get(0).mediaType()).isEqualTo(MediaTypes.NATIVE_FILE);
    assertThat(parsed.layers().get(0).title()).contains("libecho.so");
    assertThat(parsed.layers().get(0).digest()).isEqualTo(Digest.sha256(SO));
    assertThat(PluginLayout.nativeOf(parsed, LINUX_AMD64, "test").wasm())
        .isEqualTo(parsed.layers().get(0));
  }

  @Test
  void misuse_isRefusedWithWhatToDo() throws Exception {
    Artefact a = echo();
    assertThatThrownBy(() -> PlatformEntry.wasm(LINUX_AMD64, a))
        .hasMessage(
            "an Airlock artefact is WebAssembly: give it a wasm platform such as wasip1/wasm, not"
                + " linux/amd64 (native code is pushed as a plain file)");
    assertThatThrownBy(() -> PlatformEntry.nativeFile(Platform.WASIP1, "x.so", SO))
        .hasMessage(
            "a wasip1/wasm entry should be an Airlock artefact (.tar.gz), not a plain file");
    assertThatThrownBy(() -> PlatformEntry.nativeFile(LINUX_AMD64, "../x.so", SO))
        .hasMessage("a native file's name should be a plain file name, got '../x.so'");
    PlatformEntry w = PlatformEntry.wasm(Platform.WASIP1, a);
    assertThatThrownBy(() -> PlatformIndex.sorted(List.of(w, w)))
        .hasMessage("platform wasip1/wasm is given twice; an index has one entry each");
    assertThatThrownBy(() -> PlatformIndex.sorted(List.of()))
        .hasMessage("an image index needs at least one platform entry");
  }
}
