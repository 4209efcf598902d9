package dev.airlock.sigstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.signature.PolicyFailure;
import dev.airlock.signature.PublicKeys;
import dev.airlock.signature.SignatureVerifier;
import dev.airlock.signature.Signer;
import dev.airlock.signature.VerificationPolicy;
import dev.airlock.testing.SharedTestdata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SigstoreVerifier#verifyKeySignature}, the BouncyCastle twin of {@link PublicKeys#verify}
 * that legacy key signatures use when this module is installed: it must give the JDK's answer for
 * every key type and every tampered or malformed signature, and verify real cosign signatures.
 */
class KeySignatureTest {
  private static final byte[] MESSAGE =
      "{\"critical\":{\"type\":\"cosign container image signature\"}}"
          .getBytes(StandardCharsets.UTF_8);

  private static KeyPair pair(String type) throws Exception {
    return switch (type) {
      case "p256", "p384" -> {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(type.equals("p256") ? "secp256r1" : "secp384r1"));
        yield g.generateKeyPair();
      }
      case "rsa" -> {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        yield g.generateKeyPair();
      }
      default -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    };
  }

  private static byte[] sign(KeyPair pair, byte[] message) throws Exception {
    String alg =
        switch (pair.getPublic().getAlgorithm()) {
          case "EC" -> "SHA256withECDSA";
          case "RSA" -> "SHA256withRSA";
          default -> "Ed25519";
        };
    Signature s = Signature.getInstance(alg);
    s.initSign(pair.getPrivate());
    s.update(message);
    return s.sign();
  }

  /** The verifier's answer, after checking that the JDK gives the same one. */
  private static boolean check(PublicKey key, byte[] message, byte[] sig) throws Exception {
    boolean ours =
        SigstoreVerifier.forKeysOnly(Clock.systemUTC()).verifyKeySignature(key, message, sig);
    assertThat(ours).as("same answer as the JDK").isEqualTo(PublicKeys.verify(key, message, sig));
    return ours;
  }

  @ParameterizedTest
  @ValueSource(strings = {"p256", "p384", "rsa", "ed25519"})
  void givesTheJdksAnswer_forGoodTamperedAndMalformedSignatures(String type) throws Exception {
    KeyPair pair = pair(type);
    byte[] sig = sign(pair, MESSAGE);
    PublicKey key = pair.getPublic();

    assertThat(check(key, MESSAGE, sig)).as("good").isTrue();
    assertThat(check(key, MESSAGE, sig)).as("good, second time (prepared key)").isTrue();
    byte[] otherMessage = MESSAGE.clone();
    otherMessage[5] ^= 1;
    assertThat(check(key, otherMessage, sig)).as("other message").isFalse();
    for (int i : new int[] {0, 1, 8, sig.length / 2, sig.length - 1}) {
      byte[] flipped = sig.clone();
      flipped[i] ^= 0x01;
      assertThat(check(key, MESSAGE, flipped)).as("bit flipped at " + i).isFalse();
    }
    byte[] trailing = Arrays.copyOf(sig, sig.length + 1);
    assertThat(check(key, MESSAGE, trailing)).as("trailing byte").isFalse();
    assertThat(check(key, MESSAGE, Arrays.copyOf(sig, sig.length - 1))).as("truncated").isFalse();
    assertThat(check(key, MESSAGE, new byte[0])).as("empty").isFalse();
    assertThat(check(key, MESSAGE, "not a signature".getBytes(StandardCharsets.UTF_8)))
        .as("garbage")
        .isFalse();
    assertThat(check(pair(type).getPublic(), MESSAGE, sig)).as("another key").isFalse();
  }

  @Test
  void realCosignSignature_verifiesWithCosignPub_andNotWithAnotherKeyOrManifest() throws Exception {
    Optional<Path> d = SharedTestdata.find("cosign-containers-image");
    Assumptions.assumeTrue(d.isPresent(), SharedTestdata.MISSING);
    Path dir = d.get();
    var sig = Fixtures.signature(dir.resolve("dir-img-cosign-valid/signature-1"));
    String digest = Fixtures.sha256(dir.resolve("dir-img-cosign-valid/manifest.json"));
    String modified =
        Fixtures.sha256(dir.resolve("dir-img-cosign-modified-manifest/manifest.json"));
    PublicKey cosign = PublicKeys.parse(Files.readString(dir.resolve("cosign.pub")), "cosign.pub");
    PublicKey other = PublicKeys.parse(Files.readString(dir.resolve("cosign2.pub")), "cosign2.pub");

    assertThat(verifier(cosign).verify("oci://t", digest, List.of(sig)).matches().get(0).signer())
        .isEqualTo(Signer.key(PublicKeys.fingerprint(cosign)));
    assertThatThrownBy(() -> verifier(other).verify("oci://t", digest, List.of(sig)))
        .isInstanceOf(PolicyFailure.class)
        .hasMessage("No valid signatures found for oci://t");
    assertThatThrownBy(() -> verifier(cosign).verify("oci://t", modified, List.of(sig)))
        .isInstanceOf(PolicyFailure.class)
        .hasMessage("No valid signatures found for oci://t");
  }

  private static SignatureVerifier verifier(PublicKey key) throws Exception {
    return SignatureVerifier.of(
        VerificationPolicy.anyKey(List.of(key)),
        Optional.of(SigstoreVerifier.forKeysOnly(Clock.systemUTC())));
  }
}
