package dev.airlock.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.airlock.AirlockException;
import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.testing.TestKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * For every byte of a small signed artefact, flipping that byte either makes loading fail with a
 * typed, explained error, or loads exactly the same manifest, wasm and signature bytes.
 */
class TamperPropertyTest {
  @TempDir Path dir;

  @Test
  void everyFlippedByte_failsClearlyOrLoadsIdenticalContent() throws Exception {
    KeyPair alice = TestKeys.ed25519();
    TestKeys.writePemPub(dir, "alice", alice);
    ArtefactVerifier verifier = ArtefactVerifier.trusting(TrustRoot.load(dir));
    ArtefactReader reader = ArtefactReader.create();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArtefactSigner.pack(
        ArtefactVerifierTest.MANIFEST, ArtefactVerifierTest.WASM, alice.getPrivate(), out);
    byte[] original = out.toByteArray();
    Artefact expected = reader.readTarGz(new ByteArrayInputStream(original));

    int refused = 0;
    int identical = 0;
    for (int offset = 0; offset < original.length; offset++) {
      for (int mask : new int[] {0x01, 0x80, 0xff}) {
        byte[] tampered = original.clone();
        tampered[offset] ^= (byte) mask;
        try {
          Artefact a =
              verifier.verify(reader.readTarGz(new ByteArrayInputStream(tampered))).artefact();
          assertThat(a.manifestBytes()).as("offset %d", offset).isEqualTo(expected.manifestBytes());
          assertThat(bytes(a.wasm())).as("offset %d", offset).isEqualTo(bytes(expected.wasm()));
          assertThat(a.signature().orElseThrow())
              .as("offset %d", offset)
              .isEqualTo(expected.signature().orElseThrow());
          identical++;
        } catch (AirlockException e) {
          assertThat(e.getMessage()).as("offset %d", offset).isNotBlank();
          refused++;
        } catch (RuntimeException e) {
          fail("offset %d mask %02x: untyped failure %s", offset, mask, e);
        }
      }
    }
    // Both outcomes occur: gzip header fields such as MTIME change nothing that is loaded.
    assertThat(refused).isGreaterThan(original.length);
    assertThat(identical).isPositive();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
