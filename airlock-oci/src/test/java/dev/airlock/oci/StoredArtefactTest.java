package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.artefact.ArtefactWriter;
import dev.airlock.testing.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cache's stored .tar.gz, written while the module streams in. */
class StoredArtefactTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void streamedInPieces_isByteForByteWhatArtefactWriterStores(boolean signed) throws Exception {
    byte[] wasm = Plugins.wasm("echo");
    Artefact a = read(Plugins.signed("echo", wasm, TestKeys.ed25519()));
    byte[] sig = signed ? a.signature().get() : null;
    var manifest = signed ? a.manifest() : unsigned(a);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    ArtefactWriter.write(manifest, wasm, sig, expected, 0);

    Path file = tmp.resolve("plugin.tar.gz");
    Digest d;
    try (StoredArtefact s =
        StoredArtefact.open(file, manifest, manifest.toJson(), wasm.length, sig)) {
      for (int off = 0; off < wasm.length; off += 1000) { // odd pieces, as a network delivers
        s.wasm().write(wasm, off, Math.min(1000, wasm.length - off));
      }
      d = s.finish();
    }
    assertThat(file).hasBinaryContent(expected.toByteArray());
    assertThat(d).isEqualTo(Digest.sha256(expected.toByteArray()));
    Artefact back = read(Files.readAllBytes(file));
    assertThat(back.manifestBytes()).isEqualTo(manifest.toJson());
    assertThat(back.wasm()).isEqualTo(ByteBuffer.wrap(wasm));
    assertThat(back.isSigned()).isEqualTo(signed);
  }

  @Test
  void moreOrFewerWasmBytesThanAnnounced_fail() throws Exception {
    byte[] wasm = Plugins.wasm("echo");
    var m = unsigned(read(Plugins.signed("echo", wasm, TestKeys.ed25519())));
    try (StoredArtefact s =
        StoredArtefact.open(tmp.resolve("a"), m, m.toJson(), wasm.length - 1, null)) {
      assertThatThrownBy(() -> s.wasm().write(wasm))
          .hasMessage("more wasm bytes than the " + (wasm.length - 1) + " announced");
    }
    try (StoredArtefact s =
        StoredArtefact.open(tmp.resolve("b"), m, m.toJson(), wasm.length, null)) {
      s.wasm().write(wasm, 0, 10);
      assertThatThrownBy(s::finish)
          .hasMessage("got 10 wasm bytes; " + wasm.length + " were announced");
    }
  }

  static Artefact read(byte[] tgz) throws Exception {
    return ArtefactReader.create().readTarGz(new ByteArrayInputStream(tgz));
  }

  static dev.airlock.artefact.Manifest unsigned(Artefact a) {
    var m = a.manifest();
    return new dev.airlock.artefact.Manifest(
        m.schemaVersion(),
        m.name(),
        m.version(),
        m.description(),
        m.license(),
        m.hooks(),
        m.wasmSha256(),
        m.abi(),
        m.permissions(),
        java.util.Optional.empty(),
        m.packedAt());
  }
}
