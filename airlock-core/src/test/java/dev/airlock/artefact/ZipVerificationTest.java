package dev.airlock.artefact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.testing.TestKeys;
import dev.airlock.testing.ZipBuilder;
import dev.airlock.trust.ArtefactVerifier;
import dev.airlock.trust.TrustException;
import dev.airlock.trust.TrustRoot;
import dev.airlock.trust.VerifiedArtefact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zip end to end: read from a directory with its {@code .sig} sidecar, then verified by {@link
 * ArtefactVerifier} against a trust root. The signature covers the exact zip bytes.
 */
class ZipVerificationTest {
  @TempDir Path dir;
  KeyPair alice;
  ArtefactVerifier verifier;
  final ArtefactReader reader = ArtefactReader.create();
  byte[] zip;

  @BeforeEach
  void trustAlice() throws Exception {
    alice = TestKeys.ed25519();
    TestKeys.writeRawPub(dir.resolve("trust"), "alice", alice);
    verifier = ArtefactVerifier.trusting(TrustRoot.load(dir.resolve("trust")));
    zip = ZipFixtures.valid().comment("release v1.2.3").build();
  }

  Path write(byte[] bytes, byte[] signature) throws Exception {
    Path file = Files.write(dir.resolve("echo-1.2.3.zip"), bytes);
    if (signature != null) {
      Files.write(dir.resolve("echo-1.2.3.zip.sig"), signature);
    }
    return file;
  }

  @Test
  void verify_signedZip_verifiesWithTheTrustedKey() throws Exception {
    Artefact a = reader.read(write(zip, ZipFixtures.sign(zip, alice.getPrivate())));

    VerifiedArtefact v = verifier.verify(a);

    assertThat(v.signer()).contains("alice");
    assertThat(v.artefact().format()).isEqualTo(Artefact.Format.ZIP);
    assertThat(v.artefact().manifest().permissions().allowedHosts()).isEmpty();
  }

  @Test
  void verify_flippedByteTheReaderTolerates_failsTheSignature() throws Exception {
    byte[] signature = ZipFixtures.sign(zip, alice.getPrivate());
    byte[] tampered = zip.clone();
    tampered[tampered.length - 1] ^= 0x01; // the last byte of the zip comment
    Artefact a = reader.read(write(tampered, signature));

    assertThatThrownBy(() -> verifier.verify(a))
        .isInstanceOf(TrustException.class)
        .hasMessage("signature did not match any trusted key (tried alice)");
  }

  @Test
  void verify_everyFlippedByte_isRefusedByTheReaderOrTheVerifier() throws Exception {
    byte[] signature = ZipFixtures.sign(zip, alice.getPrivate());
    for (int offset = 0; offset < zip.length; offset++) {
      byte[] tampered = zip.clone();
      tampered[offset] ^= 0x01;
      Throwable failure;
      try {
        verifier.verify(reader.readZip(tampered, signature));
        failure = null;
      } catch (ArtefactException | TrustException e) {
        failure = e;
      }
      assertThat(failure).as("flipped byte at offset %d", offset).isNotNull();
    }
  }

  @Test
  void verify_unsignedZipUnderATrustRoot_refused() throws Exception {
    Artefact a = reader.read(write(zip, null));

    assertThatThrownBy(() -> verifier.verify(a))
        .isInstanceOf(TrustException.class)
        .hasMessage("artefact has no signature but trust root is active");
  }

  @Test
  void verify_zipSignedByAnUntrustedKey_refused() throws Exception {
    Artefact a = reader.read(write(zip, ZipFixtures.sign(zip, TestKeys.ed25519().getPrivate())));

    assertThatThrownBy(() -> verifier.verify(a))
        .hasMessage("signature did not match any trusted key (tried alice)");
  }

  @Test
  void verify_signatureOverTheModuleInsteadOfTheZip_refused() throws Exception {
    Artefact a = reader.read(write(zip, ZipFixtures.sign(Fixtures.WASM, alice.getPrivate())));

    assertThatThrownBy(() -> verifier.verify(a))
        .hasMessage("signature did not match any trusted key (tried alice)");
  }

  @Test
  void verify_sameModuleRepackagedWithLooserLimits_failsTheSignature() throws Exception {
    byte[] signature = ZipFixtures.sign(zip, alice.getPrivate());
    ZipBuilder repacked = new ZipBuilder().comment("release v1.2.3");
    repacked.add(
        "plugin.toml", ZipFixtures.TOML.replace("max_memory_mb = 32", "max_memory_mb = 4096"));
    repacked.add("plugin.wasm", Fixtures.WASM);
    Artefact a = reader.readZip(repacked.build(), signature);

    assertThat(a.manifest().permissions().maxMemoryPages()).hasValue(65_536);
    assertThatThrownBy(() -> verifier.verify(a))
        .hasMessage("signature did not match any trusted key (tried alice)");
  }

  @Test
  void verify_withoutATrustRoot_passesUnsignedZipWithNoSigner() throws Exception {
    VerifiedArtefact v = ArtefactVerifier.withoutTrustRoot().verify(reader.read(write(zip, null)));

    assertThat(v.signer()).isEmpty();
  }

  @Test
  void readZip_explicitSignatureFile_isUsedInsteadOfTheSidecar() throws Exception {
    Path file = write(zip, null);
    Path elsewhere =
        Files.write(dir.resolve("detached.sig"), ZipFixtures.sign(zip, alice.getPrivate()));

    assertThat(verifier.verify(reader.readZip(file, elsewhere)).signer()).contains("alice");
  }
}
