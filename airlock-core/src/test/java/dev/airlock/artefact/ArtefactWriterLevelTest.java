package dev.airlock.artefact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class ArtefactWriterLevelTest {
  @Test
  void storedLevel_givesTheSameEntries_onlyLevel9IsCanonical() throws Exception {
    ByteArrayOutputStream stored = new ByteArrayOutputStream();
    ArtefactWriter.write(Fixtures.manifest(), Fixtures.WASM, null, stored, 0);
    byte[] canonical = ArtefactWriter.toBytes(Fixtures.manifest(), Fixtures.WASM, null);

    Artefact a = ArtefactReader.create().readTarGz(new ByteArrayInputStream(stored.toByteArray()));
    Artefact b = ArtefactReader.create().readTarGz(new ByteArrayInputStream(canonical));
    assertThat(a.manifestBytes()).isEqualTo(b.manifestBytes());
    assertThat(a.wasm()).isEqualTo(b.wasm());
    assertThat(stored.toByteArray()).isNotEqualTo(canonical);
    ByteArrayOutputStream nine = new ByteArrayOutputStream();
    ArtefactWriter.write(Fixtures.manifest(), Fixtures.WASM, null, nine, 9);
    assertThat(nine.toByteArray()).isEqualTo(canonical);
  }

  @Test
  void levelOutOfRange_isRefused() {
    assertThatThrownBy(
            () ->
                ArtefactWriter.write(
                    Fixtures.manifest(), Fixtures.WASM, null, new ByteArrayOutputStream(), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("deflate level should be 0 to 9, got 10");
  }
}
