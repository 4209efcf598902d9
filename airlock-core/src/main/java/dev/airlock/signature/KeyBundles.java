package dev.airlock.signature;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;

/**
 * Sigstore bundles (v0.3) signed with a key, for {@code airlock sign --bundle --key}: a message
 * signature over the artifact (for OCI: the manifest bytes) and a {@code publicKey} hint, without a
 * transparency-log entry (Airlock signs offline). Verifiers that trust the key accept it, as {@code
 * cosign verify --key --insecure-ignore-tlog} and sigstore-js with {@code tlogThreshold: 0} do.
 */
public final class KeyBundles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KeyBundles() {}

  /**
   * Signs an artifact into a bundle.
   *
   * @param key the private key (ECDSA P-256 or RSA; the signature is over the artifact bytes)
   * @param publicKey its public key, named in the hint
   * @param artifact the artifact bytes
   * @return the bundle JSON
   */
  public static byte[] messageSignature(PrivateKey key, PublicKey publicKey, byte[] artifact) {
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode root = JSON.createObjectNode();
    root.put("mediaType", SigstoreBundle.MEDIA_TYPE);
    ObjectNode material = root.putObject("verificationMaterial");
    material.putObject("publicKey").put("hint", b64.encodeToString(sha256(publicKey.getEncoded())));
    material.putArray("tlogEntries");
    ObjectNode ms = root.putObject("messageSignature");
    ms.putObject("messageDigest")
        .put("algorithm", "SHA2_256")
        .put("digest", b64.encodeToString(sha256(artifact)));
    ms.put("signature", b64.encodeToString(SigningKeys.sign(key, artifact)));
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
