package dev.airlock.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.artefact.Abi;
import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.artefact.ArtefactWriter;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.testing.Gzip;
import dev.airlock.testing.TarBuilder;
import dev.airlock.testing.TestKeys;
import dev.airlock.testing.WasmModules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtefactVerifierTest {
  static final byte[] WASM = WasmModules.ofSize(500, 3);
  static final Manifest MANIFEST =
      new Manifest(
          "1.0",
          "cost-governor",
          SemanticVersion.parse("1.0.0"),
          "",
          "",
          List.of("pre_query"),
          dev.airlock.internal.Digests.sha256Hex(WASM),
          Optional.of(Abi.RAW),
          Permissions.NONE,
          Optional.empty(),
          Instant.parse("2026-01-01T00:00:00Z"));

  @TempDir Path dir;
  KeyPair alice;
  ArtefactVerifier verifier;
  final ArtefactReader reader = ArtefactReader.create();

  @BeforeEach
  void trustAlice() throws Exception {
    alice = TestKeys.ed25519();
    TestKeys.writeRawPub(dir.resolve("trust"), "alice", alice);
    verifier = ArtefactVerifier.trusting(TrustRoot.load(dir.resolve("trust")));
  }

  byte[] pack(Manifest m, KeyPair key) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArtefactSigner.pack(m, WASM, key == null ? null : key.getPrivate(), out);
    return out.toByteArray();
  }

  Artefact read(byte[] bytes) throws Exception {
    return reader.readTarGz(new ByteArrayInputStream(bytes));
  }

  @Test
  void verify_signedByTrustedKey_reportsSigner() throws Exception {
    VerifiedArtefact v = verifier.verify(read(pack(MANIFEST, alice)));

    assertThat(v.signer()).contains("alice");
    assertThat(v.artefact().manifest().signatureAlgorithm()).contains("ed25519");
  }

  @Test
  void verify_unsignedWithTrustRoot_refused() throws Exception {
    Artefact unsigned = read(pack(MANIFEST, null));
    assertThatThrownBy(() -> verifier.verify(unsigned))
        .isInstanceOf(TrustException.class)
        .hasMessage("artefact has no signature but trust root is active");
  }

  @Test
  void verify_unsignedWithoutTrustRoot_passesWithNoSigner() throws Exception {
    assertThat(ArtefactVerifier.withoutTrustRoot().verify(read(pack(MANIFEST, null))).signer())
        .isEmpty();
  }

  @Test
  void verify_signedByUntrustedKey_refused() throws Exception {
    Artefact mallory = read(pack(MANIFEST, TestKeys.ed25519()));
    assertThatThrownBy(() -> verifier.verify(mallory))
        .hasMessage("signature did not match any trusted key (tried alice)");
  }

  @Test
  void verify_manifestSwappedForOneGrantingMore_refused() throws Exception {
    // Take alice's signature from a harmless artefact and pair it with a manifest that grants
    // network and files: the signature covers the manifest bytes, so this must fail.
    Artefact signed = read(pack(MANIFEST, alice));
    Manifest greedy =
        new Manifest(
            "1.0",
            "cost-governor",
            SemanticVersion.parse("1.0.0"),
            "",
            "",
            List.of("pre_query"),
            MANIFEST.wasmSha256(),
            Optional.of(Abi.RAW),
            new Permissions(
                OptionalInt.of(65536),
                OptionalLong.empty(),
                OptionalLong.empty(),
                List.of(new dev.airlock.artefact.PathGrant("/", "/", true)),
                List.of("*"),
                List.of("AWS_SECRET_ACCESS_KEY")),
            Optional.of("ed25519"),
            MANIFEST.packedAt());
    byte[] forged = ArtefactWriter.toBytes(greedy, WASM, signed.signature().orElseThrow());

    assertThatThrownBy(() -> verifier.verify(read(forged)))
        .hasMessage("signature did not match any trusted key (tried alice)");
  }

  @Test
  void verify_wasmSwappedWithManifestDigestUpdated_refused() throws Exception {
    Artefact signed = read(pack(MANIFEST, alice));
    byte[] evil = WasmModules.ofSize(500, 666);
    Manifest m =
        new Manifest(
            "1.0",
            "cost-governor",
            SemanticVersion.parse("1.0.0"),
            "",
            "",
            List.of("pre_query"),
            dev.airlock.internal.Digests.sha256Hex(evil),
            Optional.of(Abi.RAW),
            Permissions.NONE,
            Optional.of("ed25519"),
            MANIFEST.packedAt());
    byte[] forged = ArtefactWriter.toBytes(m, evil, signed.signature().orElseThrow());

    assertThatThrownBy(() -> verifier.verify(read(forged)))
        .hasMessage("signature did not match any trusted key (tried alice)");
  }

  @Test
  void verify_signatureOfWrongLength_refused() throws Exception {
    TarBuilder t = new TarBuilder();
    t.add("manifest.json", MANIFEST.withSignatureAlgorithm(Optional.of("ed25519")).toJson());
    t.add("plugin.wasm", WASM);
    t.add("plugin.sig", java.util.Base64.getEncoder().encodeToString(new byte[63]));
    Artefact a = read(Gzip.compress(t.build()));

    assertThatThrownBy(() -> verifier.verify(a)).hasMessage("signature should be 64 bytes, got 63");
  }

  @Test
  void verify_bareWasmWithSidecar_checksSignatureOverWasm() throws Exception {
    Path wasm = Files.write(dir.resolve("echo.wasm"), WASM);
    Files.writeString(
        dir.resolve("echo.sig"), ArtefactSigner.signBareWasm(WASM, alice.getPrivate()));

    VerifiedArtefact v = verifier.verify(reader.read(wasm));

    assertThat(v.signer()).contains("alice");
    assertThat(v.artefact().format()).isEqualTo(Artefact.Format.BARE_WASM);
    assertThat(v.artefact().manifest().permissions().isNone()).isTrue();
    assertThat(v.artefact().manifest().name()).isEqualTo("echo");
  }

  @Test
  void verify_bareWasmWithoutSidecar_refusedUnderTrustRoot() throws Exception {
    Path wasm = Files.write(dir.resolve("echo.wasm"), WASM);
    Artefact a = reader.read(wasm);
    assertThatThrownBy(() -> verifier.verify(a))
        .hasMessage("artefact has no signature but trust root is active");
  }

  @Test
  void verify_bareWasmSidecarForOtherBytes_refused() throws Exception {
    Path wasm = Files.write(dir.resolve("echo.wasm"), WASM);
    Files.writeString(
        dir.resolve("echo.sig"),
        ArtefactSigner.signBareWasm(WasmModules.empty(), alice.getPrivate()));
    Artefact a = reader.read(wasm);
    assertThatThrownBy(() -> verifier.verify(a))
        .hasMessage("signature did not match any trusted key (tried alice)");
  }

  @Test
  void resign_unsignedArtefact_becomesVerifiable() throws Exception {
    Artefact unsigned = read(pack(MANIFEST, null));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArtefactSigner.resign(unsigned, alice.getPrivate(), out);

    assertThat(verifier.verify(read(out.toByteArray())).signer()).contains("alice");
  }
}
