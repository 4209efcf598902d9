package dev.airlock.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.signature.PublicKeys;
import dev.airlock.signature.SignatureException;
import dev.airlock.signature.SignatureException.Reason;
import dev.airlock.signature.TrustMaterial;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.sigstore.tuf.SigstoreTufClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Loads keyless trust material offline: a {@code trusted_root.json}, or a trusted root made from
 * Fulcio certificate and Rekor key PEM files; the public-good root over TUF only when asked.
 *
 * <p>Airlock's own check: a transparency log without a validity start in the trusted root is
 * dropped (sigstore-java would trust it for any time).
 */
final class TrustedRoots {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_ROOT = 1 << 20;

  private TrustedRoots() {}

  static SigstoreTrustedRoot load(TrustMaterial trust) throws SignatureException {
    try {
      if (trust.trustedRoot().isPresent()) {
        Path file = trust.trustedRoot().get();
        if (Files.size(file) > MAX_ROOT) {
          throw bad("trusted root " + file + " is larger than " + MAX_ROOT + " bytes");
        }
        return parse(Files.readAllBytes(file), file.toString());
      }
      if (!trust.fulcioCerts().isEmpty() || !trust.rekorKeys().isEmpty()) {
        return parse(
            fromPems(trust.fulcioCerts(), trust.rekorKeys(), trust.ctLogKeys()),
            "fulcio_certs/rekor_pub_keys");
      }
      if (trust.useTuf()) {
        return TrustedRootProvider.from(SigstoreTufClient.builder().usePublicGoodInstance()).get();
      }
    } catch (IOException e) {
      throw bad("cannot read keyless trust material: " + e.getMessage());
    } catch (dev.sigstore.trustroot.SigstoreConfigurationException e) {
      throw bad("cannot fetch the Sigstore public-good trusted root over TUF: " + e.getMessage());
    }
    throw bad(
        "keyless verification needs trust material: a trusted_root.json, Fulcio certificate and"
            + " Rekor key PEM files, or use_sigstore_tuf_data = true");
  }

  static SigstoreTrustedRoot parse(byte[] json, String what) throws SignatureException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw bad("trusted root " + what + " is not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw bad("trusted root " + what + " is not a JSON object");
    }
    ArrayNode kept = JSON.createArrayNode();
    for (JsonNode tlog : root.path("tlogs")) {
      if (tlog.path("publicKey").path("validFor").path("start").isTextual()) {
        kept.add(tlog);
      }
    }
    ((ObjectNode) root).set("tlogs", kept);
    try (InputStream in = new ByteArrayInputStream(JSON.writeValueAsBytes(root))) {
      return SigstoreTrustedRoot.from(in);
    } catch (IOException | dev.sigstore.trustroot.SigstoreConfigurationException e) {
      throw bad("trusted root " + what + " cannot be used: " + e.getMessage());
    }
  }

  /**
   * A trusted_root.json document for PEM trust material (QueryMT's fulcio_certs, rekor_pub_keys;
   * our ctLogKeys). Without CT log keys it lists no CT log, and certificates are checked without
   * their SCT ({@link FulcioChains}).
   */
  static byte[] fromPems(List<Path> fulcioCerts, List<Path> rekorKeys, List<Path> ctLogKeys)
      throws IOException, SignatureException {
    ObjectNode root = JSON.createObjectNode();
    root.put("mediaType", "application/vnd.dev.sigstore.trustedroot+json;version=0.1");
    logs(root.putArray("tlogs"), rekorKeys, "https://rekor.invalid");
    ArrayNode cas = root.putArray("certificateAuthorities");
    if (!fulcioCerts.isEmpty()) {
      ObjectNode ca = cas.addObject();
      ca.putObject("subject");
      ca.put("uri", "https://fulcio.invalid");
      ArrayNode certs = ca.putObject("certChain").putArray("certificates");
      for (X509Certificate c : certificates(fulcioCerts)) {
        certs.addObject().put("rawBytes", Base64.getEncoder().encodeToString(der(c)));
      }
      ca.putObject("validFor").put("start", "1970-01-01T00:00:00Z");
    }
    logs(root.putArray("ctlogs"), ctLogKeys, "https://ctfe.invalid");
    root.putArray("timestampAuthorities");
    return JSON.writeValueAsBytes(root);
  }

  /** One log per key, valid from the epoch; its id is the SHA-256 of the key (as Rekor and CT). */
  private static void logs(ArrayNode logs, List<Path> keys, String url)
      throws IOException, SignatureException {
    for (Path p : keys) {
      PublicKey key =
          PublicKeys.parse(Files.readString(p, StandardCharsets.US_ASCII), p.toString());
      ObjectNode t = logs.addObject();
      t.put("baseUrl", url);
      t.put("hashAlgorithm", "SHA2_256");
      ObjectNode pk = t.putObject("publicKey");
      pk.put("rawBytes", Base64.getEncoder().encodeToString(key.getEncoded()));
      pk.put("keyDetails", keyDetails(key));
      pk.putObject("validFor").put("start", "1970-01-01T00:00:00Z");
      t.putObject("logId")
          .put("keyId", Base64.getEncoder().encodeToString(sha256(key.getEncoded())));
    }
  }

  static List<X509Certificate> certificates(List<Path> files)
      throws IOException, SignatureException {
    List<X509Certificate> out = new ArrayList<>();
    for (Path p : files) {
      try (InputStream in = Files.newInputStream(p)) {
        for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          out.add((X509Certificate) c);
        }
      } catch (java.security.cert.CertificateException e) {
        throw bad("Fulcio certificate file " + p + " is not PEM X.509: " + e.getMessage());
      }
    }
    return out;
  }

  private static byte[] der(X509Certificate c) throws SignatureException {
    try {
      return c.getEncoded();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw bad("certificate cannot be encoded: " + e.getMessage());
    }
  }

  private static String keyDetails(PublicKey key) {
    return switch (key.getAlgorithm()) {
      case "EC" -> "PKIX_ECDSA_P256_SHA_256";
      case "RSA" -> "PKIX_RSA_PKCS1V15_2048_SHA256";
      default -> "PKIX_ED25519";
    };
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static SignatureException bad(String message) {
    return new SignatureException(Reason.BAD_POLICY, message);
  }
}
