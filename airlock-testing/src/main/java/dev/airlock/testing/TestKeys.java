package dev.airlock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/** Ed25519 keys for tests, made with the JDK and written in the forms trust roots accept. */
public final class TestKeys {
  private TestKeys() {}

  /** A fresh Ed25519 key pair. */
  public static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The 32 raw public key bytes (the tail of the X.509 encoding). */
  public static byte[] rawPublic(KeyPair pair) {
    byte[] der = pair.getPublic().getEncoded();
    return Arrays.copyOfRange(der, der.length - 32, der.length);
  }

  /** Writes {@code dir/label.pub} as base64 of the raw 32 bytes. */
  public static Path writeRawPub(Path dir, String label, KeyPair pair) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(
        dir.resolve(label + ".pub"), Base64.getEncoder().encodeToString(rawPublic(pair)) + "\n");
  }

  /** Writes {@code dir/label.pub} as PEM SubjectPublicKeyInfo. */
  public static Path writePemPub(Path dir, String label, KeyPair pair) throws IOException {
    Files.createDirectories(dir);
    return Files.writeString(
        dir.resolve(label + ".pub"),
        pem("PUBLIC KEY", pair.getPublic().getEncoded()),
        StandardCharsets.US_ASCII);
  }

  /** Writes a PKCS#8 PEM private key. */
  public static Path writePrivatePem(Path file, KeyPair pair) throws IOException {
    return Files.writeString(file, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
