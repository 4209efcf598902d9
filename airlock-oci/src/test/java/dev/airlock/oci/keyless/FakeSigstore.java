package dev.airlock.oci.keyless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.testing.HttpFixture;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A fake Fulcio and Rekor for unit tests (a fake, said so): Fulcio answers with one fixed
 * certificate made by the JDK's {@code keytool} (so no certificate comes from the code under test),
 * Rekor logs the posted body and answers a well-formed entry, each answer passed through a test's
 * mutation first.
 */
final class FakeSigstore {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A key pair and a certificate for its public key (self-signed by keytool). */
  record Certified(KeyPair keys, X509Certificate cert) {
    String pem() throws Exception {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder().encodeToString(cert.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    }
  }

  private FakeSigstore() {}

  static Certified certified(Path dir, String name) throws Exception {
    Path store = dir.resolve(name + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p =
        new ProcessBuilder(
                keytool,
                "-genkeypair",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-alias",
                "k",
                "-dname",
                "CN=" + name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(store.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    X509Certificate cert = (X509Certificate) ks.getCertificate("k");
    PrivateKey key = (PrivateKey) ks.getKey("k", "changeit".toCharArray());
    return new Certified(new KeyPair(cert.getPublicKey(), key), cert);
  }

  /** Fulcio's answer: the chain in {@code signedCertificateEmbeddedSct}. */
  static ObjectNode fulcioAnswer(Certified c) throws Exception {
    ObjectNode n = JSON.createObjectNode();
    n.putObject("signedCertificateEmbeddedSct")
        .putObject("chain")
        .putArray("certificates")
        .add(c.pem());
    return n;
  }

  /** Rekor's answer for a posted entry: the body logged as posted, a one-leaf proof. */
  static ObjectNode rekorAnswer(byte[] posted, Instant at) {
    ObjectNode n = JSON.createObjectNode();
    ObjectNode e = n.putObject("24296fb24b8ad77a" + "0".repeat(48));
    e.put("body", Base64.getEncoder().encodeToString(posted));
    e.put("integratedTime", at.getEpochSecond());
    e.put("logID", "c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d");
    e.put("logIndex", 42);
    ObjectNode v = e.putObject("verification");
    v.put("signedEntryTimestamp", "MEUCIQD=");
    ObjectNode p = v.putObject("inclusionProof");
    p.put("logIndex", 7);
    p.put("treeSize", 8);
    p.put("rootHash", "ab".repeat(32));
    p.putArray("hashes").add("cd".repeat(32)).add("EF".repeat(32));
    p.put("checkpoint", "rekor.test - 1\n8\nq83N\n\n— rekor.test AAAA\n");
    return n;
  }

  /** A Fulcio answering {@code answer} after {@code mutate}, with status {@code status}. */
  static HttpFixture.Handler json(int status, JsonNode answer) {
    return HttpFixture.respond(status, answer.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A Rekor logging what it is sent, its answer passed through {@code mutate}. */
  static HttpFixture.Handler rekor(Instant at, UnaryOperator<ObjectNode> mutate) {
    return x -> {
      byte[] posted = x.getRequestBody().readAllBytes();
      byte[] out =
          mutate.apply(rekorAnswer(posted, at)).toString().getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(201, out.length);
      x.getResponseBody().write(out);
    };
  }

  /** Both services on one server. */
  static HttpFixture start(HttpFixture.Handler fulcio, HttpFixture.Handler rekor) {
    return HttpFixture.start(Map.of("/api/v2/signingCert", fulcio, "/api/v1/log/entries", rekor));
  }
}
