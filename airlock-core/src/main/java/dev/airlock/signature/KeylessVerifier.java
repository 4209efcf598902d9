package dev.airlock.signature;

import java.security.PublicKey;
import java.util.List;

/**
 * SPI for the checks that need Sigstore trust material: certificate chains to a trusted Fulcio,
 * transparency-log proofs and timestamps. {@code airlock-sigstore} implements it; core never
 * depends on a Sigstore library.
 *
 * <p>An implementation verifies cryptography and trust only. Whether the returned {@link Signer} is
 * acceptable is decided by the {@link VerificationPolicy} in core.
 */
public interface KeylessVerifier {
  /**
   * Verifies a legacy cosign signature made with a certificate: the certificate (and {@link
   * LegacySignature#CHAIN}) chains to a trusted Fulcio root, the signature over the payload
   * verifies with the certificate's key, and the Rekor bundle's signed entry timestamp verifies
   * with a trusted Rekor key, matches this signature, and lies within the certificate's validity.
   *
   * @param signature the layer, with a {@link LegacySignature#CERTIFICATE} annotation
   * @return the certificate identity
   * @throws SignatureException saying which check failed
   */
  Signer verifyLegacy(LegacySignature signature) throws SignatureException;

  /**
   * Verifies a Sigstore bundle over an artifact digest: for a message signature, the signed digest;
   * for a DSSE envelope, an in-toto statement subject.
   *
   * @param bundle the bundle
   * @param artifactSha256 the 32-byte SHA-256 of the artifact (for OCI: the manifest digest)
   * @param keys public keys to accept for bundles signed with a key instead of a certificate
   * @return the certificate identity, or a {@link Signer.Kind#KEY} signer naming the key
   * @throws SignatureException saying which check failed
   */
  Signer verifyBundle(SigstoreBundle bundle, byte[] artifactSha256, List<PublicKey> keys)
      throws SignatureException;

  /**
   * Checks a signature by one of the policy's public keys (a legacy key signature): the same check
   * as {@link PublicKeys#verify}, which is the default. An implementation may run it on a faster
   * provider and keep the key prepared for it between calls; it never keeps an outcome.
   *
   * @param key the public key
   * @param message the signed bytes
   * @param signature the signature
   * @return whether the signature verifies; false for a malformed signature
   */
  default boolean verifyKeySignature(PublicKey key, byte[] message, byte[] signature) {
    return PublicKeys.verify(key, message, signature);
  }
}
