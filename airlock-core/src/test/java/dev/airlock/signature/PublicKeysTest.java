package dev.airlock.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicKeysTest {
  @TempDir Path tmp;

  private static KeyPair pair(String alg, Object param) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance(alg);
    if (param instanceof Integer bits) {
      g.initialize(bits);
    } else if (param instanceof String curve) {
      g.initialize(new ECGenParameterSpec(curve));
    }
    return g.generateKeyPair();
  }

  @Test
  void eachSupportedType_signsAndVerifies_andOtherMessageFails() throws Exception {
    for (KeyPair p :
        new KeyPair[] {SigningKeys.generateEcdsaP256(), pair("Ed25519", null), pair("RSA", 2048)}) {
      var key = PublicKeys.parse(PublicKeys.toPem(p.getPublic()), "k");
      byte[] msg = "payload".getBytes(StandardCharsets.UTF_8);
      byte[] sig = SigningKeys.sign(p.getPrivate(), msg);
      assertThat(PublicKeys.verify(key, msg, sig)).as(key.getAlgorithm()).isTrue();
      assertThat(PublicKeys.verify(key, "other".getBytes(StandardCharsets.UTF_8), sig)).isFalse();
      assertThat(PublicKeys.verify(key, msg, new byte[] {1, 2, 3})).isFalse();
    }
  }

  @Test
  void p384_rsa1024_certificate_privateKey_garbage_areRefusedWithReasons() throws Exception {
    assertThatThrownBy(
            () -> PublicKeys.parse(PublicKeys.toPem(pair("EC", "secp384r1").getPublic()), "a.pub"))
        .hasMessage(
            "public key a.pub is an ECDSA key on a 384-bit curve; only P-256 (cosign's default) is"
                + " supported");
    assertThatThrownBy(
            () -> PublicKeys.parse(PublicKeys.toPem(pair("RSA", 1024).getPublic()), "b.pub"))
        .hasMessage("public key b.pub is a 1024-bit RSA key; at least 2048 bits are required");
    assertThatThrownBy(
            () ->
                PublicKeys.parse(
                    "-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----", "c"))
        .hasMessage(
            "public key c should be PEM with a '-----BEGIN PUBLIC KEY-----' block (found a"
                + " certificate; give its public key: openssl x509 -pubkey -noout)");
    assertThatThrownBy(
            () ->
                PublicKeys.parse(
                    "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getEncoder().encodeToString(new byte[40])
                        + "\n-----END PUBLIC KEY-----",
                    "d"))
        .hasMessage(
            "public key d is not an ECDSA P-256, Ed25519 or RSA public key in SubjectPublicKeyInfo"
                + " form");
  }

  @Test
  void writePair_thenRead_roundTrips_privateIsOwnerOnly_andNeverOverwrites() throws Exception {
    KeyPair p = SigningKeys.generateEcdsaP256();
    Path priv = tmp.resolve("k.key");
    Path pub = tmp.resolve("k.pub");
    SigningKeys.writePair(p, priv, pub);

    assertThat(Files.readString(pub))
        .startsWith("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE");
    assertThat(Files.getPosixFilePermissions(priv).toString())
        .isEqualTo("[OWNER_READ, OWNER_WRITE]");
    byte[] sig = SigningKeys.sign(SigningKeys.readPrivateKey(priv), new byte[] {7});
    assertThat(
            PublicKeys.verify(
                PublicKeys.parse(Files.readString(pub), "k.pub"), new byte[] {7}, sig))
        .isTrue();
    assertThatThrownBy(() -> SigningKeys.writePair(SigningKeys.generateEcdsaP256(), priv, pub))
        .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    try (var files = Files.list(tmp)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder("k.key", "k.pub");
    }
  }

  @Test
  void publicKeyNotWritable_leavesNoPrivateKeyBehind() throws Exception {
    Path blocker = Files.writeString(tmp.resolve("file"), "x");
    Path priv = tmp.resolve("k.key");

    assertThatThrownBy(
            () ->
                SigningKeys.writePair(
                    SigningKeys.generateEcdsaP256(), priv, blocker.resolve("k.pub")))
        .isInstanceOf(java.io.IOException.class);
    try (var files = Files.list(tmp)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("file");
    }
  }

  @Test
  void encryptedCosignKey_isRefusedWithAdvice() throws Exception {
    Path f =
        Files.writeString(
            tmp.resolve("cosign.key"),
            "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nabc\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
    assertThatThrownBy(() -> SigningKeys.readPrivateKey(f))
        .hasMessage(
            "key file cosign.key is an encrypted cosign key; Airlock reads unencrypted PKCS#8 PEM"
                + " keys (make one with 'airlock keygen --type ecdsa-p256')");
  }
}
