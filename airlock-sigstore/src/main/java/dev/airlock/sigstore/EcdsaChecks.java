package dev.airlock.sigstore;

import dev.sigstore.encryption.signers.Verifiers;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Signature checks with the algorithms sigstore-java's verifiers use ({@code SHA256withECDSA} over
 * data, {@code NONEwithECDSA} over a digest), run for EC keys on a private BouncyCastle provider
 * instance that is never added to the JVM's provider list. The check is the same; the JDK's SunEC
 * verification costs several times more on this path (docs/benchmarks.md, "OCI signature
 * verification"), and every re-verify of a cached plugin runs it. Keys of other types go to
 * sigstore-java's {@link Verifiers}. Thread-safe.
 */
final class EcdsaChecks {
  private static final Provider BC = new BouncyCastleProvider();

  /** sigstore-java's limit for a pre-hashed message. */
  private static final int MAX_DIGEST = 64;

  private EcdsaChecks() {}

  /**
   * Whether {@code signature} is {@code key}'s signature over {@code data}.
   *
   * @throws GeneralSecurityException when the key or signature cannot be used
   */
  static boolean verify(PublicKey key, byte[] data, byte[] signature)
      throws GeneralSecurityException {
    if (!(key instanceof ECPublicKey)) {
      return Verifiers.newVerifier(key).verify(data, signature);
    }
    return check("SHA256withECDSA", key, data, signature);
  }

  /**
   * Whether {@code signature} is {@code key}'s signature over the message whose SHA-256 digest is
   * {@code digest}.
   *
   * @throws GeneralSecurityException when the key, digest or signature cannot be used
   */
  static boolean verifyDigest(PublicKey key, byte[] digest, byte[] signature)
      throws GeneralSecurityException {
    if (!(key instanceof ECPublicKey)) {
      return Verifiers.newVerifier(key).verifyDigest(digest, signature);
    }
    if (digest.length > MAX_DIGEST) {
      throw new java.security.SignatureException(
          "Artifact digest cannot be longer than " + MAX_DIGEST + " bytes for this mode");
    }
    return check("NONEwithECDSA", key, digest, signature);
  }

  /**
   * The key as this provider's own key object, for keys used again and again (the policy's keys):
   * BouncyCastle keeps its precomputed multiples of the point on that object, so later checks with
   * it are faster. Other key types are returned as they are.
   *
   * @throws GeneralSecurityException when the key cannot be converted
   */
  static PublicKey prepare(PublicKey key) throws GeneralSecurityException {
    if (!(key instanceof ECPublicKey)) {
      return key;
    }
    return KeyFactory.getInstance("EC", BC)
        .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
  }

  private static boolean check(String algorithm, PublicKey key, byte[] data, byte[] signature)
      throws GeneralSecurityException {
    Signature s = Signature.getInstance(algorithm, BC);
    s.initVerify(key);
    s.update(data);
    return s.verify(signature);
  }
}
