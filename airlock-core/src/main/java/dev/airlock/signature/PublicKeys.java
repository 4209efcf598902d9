package dev.airlock.signature;

import dev.airlock.signature.SignatureException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Public keys for cosign signatures in SubjectPublicKeyInfo PEM: ECDSA P-256 (cosign's default),
 * Ed25519 and RSA (2048 bits or more), with plain JDK crypto.
 */
public final class PublicKeys {
  static final int MAX_PEM = 16 * 1024;
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  private PublicKeys() {}

  /**
   * Parses a public key from PEM text.
   *
   * @param pem the text, with one {@code -----BEGIN PUBLIC KEY-----} block
   * @param source where the text came from, for messages (a file name, "policy rule 2")
   * @return the key
   * @throws SignatureException naming the source and what is wrong
   */
  public static PublicKey parse(String pem, String source) throws SignatureException {
    if (pem.length() > MAX_PEM) {
      throw bad(source, "is " + pem.length() + " characters; public keys are under " + MAX_PEM);
    }
    int b = pem.indexOf(BEGIN);
    int e = pem.indexOf(END);
    if (b < 0 || e < b) {
      String hint =
          pem.contains("-----BEGIN CERTIFICATE-----")
              ? " (found a certificate; give its public key: openssl x509 -pubkey -noout)"
              : pem.contains("PRIVATE KEY") ? " (found a private key; give the public key)" : "";
      throw bad(source, "should be PEM with a '" + BEGIN + "' block" + hint);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(pem.substring(b + BEGIN.length(), e));
    } catch (IllegalArgumentException ex) {
      throw bad(source, "has a PEM body that is not base64");
    }
    return fromDer(der, source);
  }

  /**
   * Parses a DER SubjectPublicKeyInfo into a JDK key (ECDSA P-256, Ed25519 or RSA).
   *
   * @param der the encoded key
   * @param source where it came from, for messages
   * @return the key
   * @throws SignatureException when it is not a supported key
   */
  public static PublicKey fromDer(byte[] der, String source) throws SignatureException {
    for (String algorithm : new String[] {"EC", "Ed25519", "RSA"}) {
      try {
        PublicKey key =
            KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        check(key, source);
        return key;
      } catch (GeneralSecurityException | IllegalArgumentException ignored) {
        // Try the next algorithm; the message below lists what is supported.
      }
    }
    throw bad(
        source, "is not an ECDSA P-256, Ed25519 or RSA public key in SubjectPublicKeyInfo form");
  }

  /**
   * Verifies a signature the way cosign makes it: ECDSA with SHA-256 (ASN.1 DER), Ed25519 over the
   * message, RSA PKCS#1 v1.5 with SHA-256.
   *
   * @param key the public key
   * @param message the signed bytes
   * @param signature the signature bytes
   * @return whether the signature verifies
   */
  public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
    try {
      Signature s = Signature.getInstance(signatureAlgorithm(key));
      s.initVerify(key);
      s.update(message);
      return s.verify(signature);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false; // a malformed signature is a signature that does not verify
    }
  }

  /**
   * The JCA signature algorithm cosign uses with this key type.
   *
   * @param key a public or private key
   * @return e.g. {@code SHA256withECDSA}
   */
  static String signatureAlgorithm(java.security.Key key) {
    return switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm());
    };
  }

  /**
   * A short, stable name for a key: its type and the first 8 bytes of the SHA-256 of its
   * SubjectPublicKeyInfo, e.g. {@code ecdsa-p256:1b2c…}.
   *
   * @param key the key
   * @return the identity used in results and messages
   */
  public static String fingerprint(PublicKey key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      String type =
          switch (key.getAlgorithm()) {
            case "EC" -> "ecdsa-p256";
            case "RSA" -> "rsa";
            default -> "ed25519";
          };
      return type + ":" + HexFormat.of().formatHex(d, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }

  /**
   * The SubjectPublicKeyInfo PEM text of a key.
   *
   * @param key the key
   * @return PEM text ending in a newline
   */
  public static String toPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static void check(PublicKey key, String source) throws SignatureException {
    if (key instanceof ECPublicKey ec
        && ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw bad(
          source,
          String.format(
              Locale.ROOT,
              "is an ECDSA key on a %d-bit curve; only P-256 (cosign's default) is supported",
              ec.getParams().getCurve().getField().getFieldSize()));
    }
    if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
      throw bad(
          source,
          "is a " + rsa.getModulus().bitLength() + "-bit RSA key; at least 2048 bits are required");
    }
  }

  private static SignatureException bad(String source, String what) {
    return new SignatureException(Reason.BAD_KEY, "public key " + source + " " + what);
  }
}
