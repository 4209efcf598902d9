package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.artefact.ArtefactReader;
import dev.airlock.testing.TestKeys;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Inspection and the push format, against our fake registry (unit tests). */
class InspectionTest {
  @Test
  void pushFormat_isDeterministic_andCarriesTheAnnotations() throws Exception {
    byte[] tgz = Plugins.signed("echo", Plugins.wasm("echo"), TestKeys.ed25519());
    var a = ArtefactReader.create().readTarGz(new ByteArrayInputStream(tgz));
    var b = ArtefactReader.create().readTarGz(new ByteArrayInputStream(tgz.clone()));
    assertThat(PluginPusher.manifestDigest(a)).isEqualTo(PluginPusher.manifestDigest(b));
    WasmArtifact w = WasmArtifact.of(a);
    OciManifest m = OciManifest.parse(w.manifest(), MediaTypes.OCI_MANIFEST, "test");
    assertThat(m.config().get().mediaType()).isEqualTo(MediaTypes.WASM_CONFIG_V0);
    assertThat(m.layers())
        .extracting(Descriptor::mediaType)
        .containsExactly(
            MediaTypes.WASM, MediaTypes.AIRLOCK_MANIFEST, MediaTypes.AIRLOCK_SIGNATURE);
    assertThat(m.annotations())
        .containsEntry("org.opencontainers.image.title", "echo")
        .containsEntry("org.opencontainers.image.version", "1.2.3")
        .containsEntry("org.opencontainers.image.created", "2026-01-02T03:04:05Z")
        .containsEntry("org.opencontainers.image.description", "the echo example")
        .containsEntry("org.opencontainers.image.licenses", "Apache-2.0")
        .containsEntry("dev.airlock.hooks", "echo");
    assertThat(new String(w.config().bytes(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"created\":\"2026-01-02T03:04:05Z\",\"architecture\":\"wasm\",\"os\":\"wasip1\","
                + "\"layerDigests\":[\""
                + Digest.sha256(Plugins.wasm("echo"))
                + "\"]}");
  }

  @Test
  void inspect_index_listsPlatforms_andSaysWhatKind() throws Exception {
    byte[] wasm = Plugins.wasm("echo");
    try (FakeRegistry reg = new FakeRegistry()) {
      byte[] m = ForeignLayouts.all(wasm).get(2).manifest();
      reg.manifest("k/w", null, MediaTypes.OCI_MANIFEST, m);
      byte[] idx =
          Layouts.utf8(
              "{\"schemaVersion\":2,\"mediaType\":\""
                  + MediaTypes.OCI_INDEX
                  + "\",\"manifests\":[{\"mediaType\":\""
                  + MediaTypes.OCI_MANIFEST
                  + "\",\"digest\":\""
                  + Digest.sha256(m)
                  + "\",\"size\":"
                  + m.length
                  + ",\"platform\":{\"os\":\"wasip1\",\"architecture\":\"wasm\"}}]}");
      reg.manifest("k/w", "1", MediaTypes.OCI_INDEX, idx);
      Inspection i =
          Inspection.of(
              RegistryClient.create(RegistryConfig.builder().build()),
              Reference.parse("oci://" + reg.host() + "/k/w:1"),
              Optional.empty());
      assertThat(i.digest()).isEqualTo(Digest.sha256(idx));
      assertThat(i.platforms()).containsExactly(Platform.WASIP1);
      assertThat(i.manifestDigest()).isEqualTo(Digest.sha256(m));
      assertThat(i.layers())
          .extracting(Descriptor::mediaType)
          .isEqualTo(List.of(MediaTypes.WASM_CONTENT_V1));
      assertThat(i.kind()).isEqualTo("wasm plugin (layout kubewarden, raw)");
    }
  }
}
