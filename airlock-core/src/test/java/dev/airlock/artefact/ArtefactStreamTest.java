package dev.airlock.artefact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtefactStreamTest {
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 9})
  void moduleInOddPieces_givesTheBytesOfTheWholeArray(int level) throws Exception {
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    ArtefactWriter.write(Fixtures.manifest(), Fixtures.WASM, null, whole, level);
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    try (ArtefactStream s =
        ArtefactStream.open(streamed, Fixtures.manifest(), Fixtures.WASM.length, null, level)) {
      for (int off = 0; off < Fixtures.WASM.length; off += 3) {
        s.wasm().write(Fixtures.WASM, off, Math.min(3, Fixtures.WASM.length - off));
      }
      s.finish();
    }
    assertThat(streamed.toByteArray()).isEqualTo(whole.toByteArray());
    Artefact back =
        ArtefactReader.create().readTarGz(new ByteArrayInputStream(streamed.toByteArray()));
    assertThat(back.manifestBytes()).isEqualTo(Fixtures.manifest().toJson());
  }

  @Test
  void moreOrFewerModuleBytesThanAnnounced_fail() throws Exception {
    int n = Fixtures.WASM.length;
    try (ArtefactStream s =
        ArtefactStream.open(new ByteArrayOutputStream(), Fixtures.manifest(), n - 1, null, 9)) {
      assertThatThrownBy(() -> s.wasm().write(Fixtures.WASM))
          .hasMessage("more wasm bytes than the " + (n - 1) + " announced");
    }
    try (ArtefactStream s =
        ArtefactStream.open(new ByteArrayOutputStream(), Fixtures.manifest(), n, null, 9)) {
      s.wasm().write(Fixtures.WASM, 0, 5);
      assertThatThrownBy(s::finish).hasMessage("got 5 wasm bytes; " + n + " were announced");
    }
  }

  @Test
  void aSignatureTheManifestDoesNotAnnounce_isRefusedBeforeAnythingIsWritten() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThatThrownBy(() -> ArtefactStream.open(out, Fixtures.manifest(), 1, new byte[64], 9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a signature was given but the manifest's signature_algorithm is null");
    assertThat(out.size()).isZero();
  }
}
