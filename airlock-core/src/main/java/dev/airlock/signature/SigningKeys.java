package dev.airlock.signature;

import dev.airlock.internal.AtomicFiles;
import dev.airlock.signature.SignatureException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Signing keys for OCI signatures: ECDSA P-256 generation (cosign's default key type), PKCS#8 PEM
 * files, and signing the way cosign does (SHA-256, ASN.1 DER signatures).
 *
 * <p>The private key is written unencrypted as PKCS#8 PEM, mode 0600; {@code cosign
 * import-key-pair} reads that form. The public key is standard SubjectPublicKeyInfo PEM, the same
 * text as {@code cosign.pub}.
 */
public final class SigningKeys {
  private SigningKeys() {}

  /**
   * Generates a new ECDSA P-256 key pair.
   *
   * @return the key pair
   */
  public static KeyPair generateEcdsaP256() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no ECDSA P-256", e);
    }
  }

  /**
   * Writes a key pair atomically: the private key as PKCS#8 PEM (mode 0600), the public key as
   * SubjectPublicKeyInfo PEM. Existing files are never replaced; when the public key cannot be
   * written, the private key is removed again.
   *
   * @param pair the keys
   * @param privateKeyFile e.g. {@code release.key}
   * @param publicKeyFile e.g. {@code release.pub}
   * @throws FileAlreadyExistsException when either file exists
   * @throws IOException when writing fails
   */
  public static void writePair(KeyPair pair, Path privateKeyFile, Path publicKeyFile)
      throws IOException {
    for (Path p : List.of(privateKeyFile, publicKeyFile)) {
      if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(
            p.toString(), null, "refusing to overwrite an existing key file");
      }
    }
    byte[] secret =
        PublicKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded())
            .getBytes(StandardCharsets.US_ASCII);
    AtomicFiles.write(
        privateKeyFile, PosixFilePermissions.fromString("rw-------"), out -> out.write(secret));
    try {
      AtomicFiles.write(
          publicKeyFile, PublicKeys.toPem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      // Never leave half a key pair: a private key without its public key is an orphan.
      Files.deleteIfExists(privateKeyFile);
      throw e;
    }
  }

  /**
   * Reads an unencrypted PKCS#8 PEM private key (ECDSA P-256, Ed25519 or RSA).
   *
   * @param file the key file
   * @return the private key
   * @throws SignatureException when the file is not such a key; an encrypted cosign key ({@code
   *     ENCRYPTED SIGSTORE PRIVATE KEY}) gets a message saying how to convert it
   * @throws IOException when the file cannot be read
   */
  public static PrivateKey readPrivateKey(Path file) throws SignatureException, IOException {
    if (Files.size(file) > PublicKeys.MAX_PEM) {
      throw bad(
          file, "is " + Files.size(file) + " bytes; key files are under " + PublicKeys.MAX_PEM);
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    if (text.contains("ENCRYPTED SIGSTORE PRIVATE KEY") || text.contains("ENCRYPTED COSIGN")) {
      throw bad(
          file,
          "is an encrypted cosign key; Airlock reads unencrypted PKCS#8 PEM keys (make one with"
              + " 'airlock keygen --type ecdsa-p256')");
    }
    String begin = "-----BEGIN PRIVATE KEY-----";
    int b = text.indexOf(begin);
    int e = text.indexOf("-----END PRIVATE KEY-----");
    if (b < 0 || e < b) {
      throw bad(file, "should be PKCS#8 PEM with a '" + begin + "' block");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    } catch (IllegalArgumentException ex) {
      throw bad(file, "has a PEM body that is not base64");
    }
    for (String algorithm : new String[] {"EC", "Ed25519", "RSA"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException ignored) {
        // next algorithm
      }
    }
    throw bad(file, "is not an ECDSA, Ed25519 or RSA private key in PKCS#8 form");
  }

  /**
   * Signs bytes as cosign does for this key type.
   *
   * @param key the private key
   * @param message the bytes to sign (for OCI signatures: the simple-signing payload)
   * @return the signature (ASN.1 DER for ECDSA)
   */
  public static byte[] sign(PrivateKey key, byte[] message) {
    try {
      Signature s = Signature.getInstance(PublicKeys.signatureAlgorithm(key));
      s.initSign(key);
      s.update(message);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("signing failed: " + e.getMessage(), e);
    }
  }

  private static SignatureException bad(Path file, String what) {
    return new SignatureException(Reason.BAD_KEY, "key file " + file.getFileName() + " " + what);
  }
}
