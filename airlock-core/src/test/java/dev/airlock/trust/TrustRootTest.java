package dev.airlock.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.testing.TestKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustRootTest {
  @TempDir Path dir;

  private static final byte[] MESSAGE = "hello".getBytes(StandardCharsets.UTF_8);

  @Test
  void load_rawAndPemKeys_labelsAreFileStems() throws Exception {
    TestKeys.writeRawPub(dir, "alice", TestKeys.ed25519());
    TestKeys.writePemPub(dir, "bob", TestKeys.ed25519());
    Files.writeString(dir.resolve("notes.txt"), "ignored");

    assertThat(TrustRoot.load(dir).labels()).containsExactly("alice", "bob");
  }

  @Test
  void verify_signatureByTrustedKey_returnsItsLabel() throws Exception {
    KeyPair bob = TestKeys.ed25519();
    TestKeys.writeRawPub(dir, "alice", TestKeys.ed25519());
    TestKeys.writePemPub(dir, "bob", bob);

    String label =
        TrustRoot.load(dir)
            .verify(ByteBuffer.wrap(MESSAGE), Ed25519Keys.sign(bob.getPrivate(), MESSAGE));

    assertThat(label).isEqualTo("bob");
  }

  @Test
  void load_emptyDirectory_refused() {
    assertThatThrownBy(() -> TrustRoot.load(dir))
        .isInstanceOf(TrustException.class)
        .hasMessage("trust root " + dir + " has no *.pub keys");
  }

  @Test
  void load_missingDirectory_refused() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> TrustRoot.load(missing))
        .hasMessage("trust root " + missing + " does not exist or is not a directory");
  }

  @Test
  void load_rawKeyOfWrongLength_refusedWithLength() throws Exception {
    Files.writeString(dir.resolve("short.pub"), Base64.getEncoder().encodeToString(new byte[31]));
    assertThatThrownBy(() -> TrustRoot.load(dir))
        .hasMessage("short.pub should be 32 bytes (raw Ed25519 pubkey), got 31");
  }

  @Test
  void load_notBase64_refused() throws Exception {
    Files.writeString(dir.resolve("junk.pub"), "not a key!");
    assertThatThrownBy(() -> TrustRoot.load(dir))
        .hasMessageStartingWith("key file junk.pub is neither PEM nor base64");
  }

  @Test
  void load_pemOfAnotherAlgorithm_refused() throws Exception {
    var ec = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair();
    Files.writeString(dir.resolve("ec.pub"), Ed25519Keys.toPem(ec.getPublic()));
    assertThatThrownBy(() -> TrustRoot.load(dir))
        .hasMessage(
            "key file ec.pub is not an Ed25519 public key (PEM holds another algorithm or form)");
  }

  @Test
  void load_smallOrderKey_refused() throws Exception {
    byte[] identity = new byte[32];
    identity[0] = 1;
    Files.writeString(dir.resolve("weak.pub"), Base64.getEncoder().encodeToString(identity));
    assertThatThrownBy(() -> TrustRoot.load(dir))
        .extracting(e -> ((TrustException) e).reason())
        .isEqualTo(TrustException.Reason.WEAK_KEY);
  }

  @Test
  void verify_allZeroSignature_matchesNoKey() throws Exception {
    TestKeys.writeRawPub(dir, "alice", TestKeys.ed25519());
    assertThatThrownBy(() -> TrustRoot.load(dir).verify(ByteBuffer.wrap(MESSAGE), new byte[64]))
        .hasMessage("signature did not match any trusted key (tried alice)");
  }

  @Test
  void verify_signatureByUntrustedKey_refused() throws Exception {
    TestKeys.writeRawPub(dir, "alice", TestKeys.ed25519());
    byte[] sig = Ed25519Keys.sign(TestKeys.ed25519().getPrivate(), MESSAGE);
    assertThatThrownBy(() -> TrustRoot.load(dir).verify(ByteBuffer.wrap(MESSAGE), sig))
        .isInstanceOf(TrustException.class)
        .hasMessage("signature did not match any trusted key (tried alice)");
  }

  @Test
  void verify_wrongLengths_refusedWithLength() throws Exception {
    TestKeys.writeRawPub(dir, "alice", TestKeys.ed25519());
    TrustRoot root = TrustRoot.load(dir);
    for (int n : new int[] {0, 63, 65, 128}) {
      assertThatThrownBy(() -> root.verify(ByteBuffer.wrap(MESSAGE), new byte[n]))
          .hasMessage("signature should be 64 bytes, got " + n);
    }
  }

  @Test
  void verify_scalarOutOfRange_refused() throws Exception {
    KeyPair alice = TestKeys.ed25519();
    TestKeys.writeRawPub(dir, "alice", alice);
    byte[] sig = Ed25519Keys.sign(alice.getPrivate(), MESSAGE);
    sig[63] |= (byte) 0xf0; // S >= group order: malleated, must not verify
    assertThatThrownBy(() -> TrustRoot.load(dir).verify(ByteBuffer.wrap(MESSAGE), sig))
        .hasMessage("signature did not match any trusted key (tried alice)");
  }

  @Test
  void readPrivateKey_writtenByUs_signsVerifiably() throws Exception {
    KeyPair pair = Ed25519Keys.generate();
    Path key = dir.resolve("k.key");
    Files.writeString(key, Ed25519Keys.toPem(pair.getPrivate()));
    Files.writeString(dir.resolve("k.pub"), Ed25519Keys.toPem(pair.getPublic()));

    byte[] sig = Ed25519Keys.sign(Ed25519Keys.readPrivateKey(key), MESSAGE);

    assertThat(TrustRoot.load(dir).verify(ByteBuffer.wrap(MESSAGE), sig)).isEqualTo("k");
  }
}
