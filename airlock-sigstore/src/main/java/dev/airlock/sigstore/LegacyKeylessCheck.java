package dev.airlock.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.signature.LegacySignature;
import dev.airlock.signature.PublicKeys;
import dev.airlock.signature.SignatureException;
import dev.airlock.signature.SignatureException.Reason;
import dev.airlock.signature.Signer;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.sigstore.trustroot.TransparencyLog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * cosign's older keyless {@code .sig} signatures, which sigstore-java cannot verify: a Fulcio
 * certificate (and chain) in the layer annotations and a Rekor bundle holding only a signed entry
 * timestamp (SET), no inclusion proof. Checked here, as cosign does: the certificate chains to a
 * trusted Fulcio CA at the integration time (with its SCT when the trusted root has CT logs; {@link
 * FulcioChains}); the SET verifies with a trusted Rekor key valid at that time; the logged entry is
 * a hashedrekord of exactly this payload digest, signature and certificate; the integration time
 * lies within the certificate's validity and not in the future; the signature verifies with the
 * certificate key.
 */
final class LegacyKeylessCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SigstoreTrustedRoot root;
  private final Clock clock;

  LegacyKeylessCheck(SigstoreTrustedRoot root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  Signer verify(LegacySignature sig) throws SignatureException {
    List<X509Certificate> chain = certificates(sig);
    X509Certificate leaf = chain.get(0);
    byte[] payload = sig.payload();
    byte[] signature = sig.signature();
    if (!PublicKeys.verify(leaf.getPublicKey(), payload, signature)) {
      throw invalid(sig, "signature does not verify with the certificate's key");
    }
    String rekorBundle = sig.annotations().get(LegacySignature.BUNDLE);
    if (rekorBundle == null) {
      throw invalid(
          sig, "has a certificate but no Rekor bundle; a keyless signature needs a log entry");
    }
    JsonNode b;
    try {
      b = JSON.readTree(rekorBundle);
    } catch (IOException e) {
      throw invalid(sig, "Rekor bundle is not JSON");
    }
    JsonNode p = b.path("Payload");
    long time = p.path("integratedTime").asLong(-1);
    Instant integrated = Instant.ofEpochSecond(time);
    if (time < 0 || integrated.isAfter(clock.instant().plus(SigstoreVerifier.SKEW))) {
      throw invalid(sig, "Rekor integrated time " + integrated + " is missing or in the future");
    }
    checkSet(sig, b, p, integrated);
    checkBody(sig, p.path("body").asText(), payload, signature, leaf);
    try {
      leaf.checkValidity(Date.from(integrated));
    } catch (java.security.cert.CertificateException e) {
      throw invalid(
          sig,
          "was logged at "
              + integrated
              + ", outside the certificate's validity ("
              + leaf.getNotBefore().toInstant()
              + " to "
              + leaf.getNotAfter().toInstant()
              + ")");
    }
    checkChain(sig, chain, integrated);
    return CertificateIdentities.signer(leaf);
  }

  private void checkSet(LegacySignature sig, JsonNode b, JsonNode p, Instant integrated)
      throws SignatureException {
    byte[] logId;
    try {
      logId = HexFormat.of().parseHex(p.path("logID").asText());
    } catch (IllegalArgumentException e) {
      throw invalid(sig, "Rekor bundle logID is not hex");
    }
    Optional<TransparencyLog> log = TransparencyLog.find(root.getTLogs(), logId, integrated);
    if (log.isEmpty()) {
      throw invalid(sig, "was logged by a Rekor instance the trusted root does not list");
    }
    // The SET signs the canonical JSON of these four fields (keys sorted, no spaces).
    String signed =
        "{\"body\":"
            + JSON.valueToTree(p.path("body").asText())
            + ",\"integratedTime\":"
            + p.path("integratedTime").asLong()
            + ",\"logID\":"
            + JSON.valueToTree(p.path("logID").asText())
            + ",\"logIndex\":"
            + p.path("logIndex").asLong()
            + "}";
    byte[] set;
    try {
      set = Base64.getDecoder().decode(b.path("SignedEntryTimestamp").asText());
      if (!PublicKeys.verify(
          PublicKeys.fromDer(log.get().getPublicKey().toJavaPublicKey().getEncoded(), "Rekor key"),
          signed.getBytes(StandardCharsets.UTF_8),
          set)) {
        throw invalid(sig, "Rekor signed entry timestamp does not verify with the log's key");
      }
    } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
      throw invalid(sig, "Rekor signed entry timestamp cannot be checked: " + e.getMessage());
    }
  }

  private static void checkBody(
      LegacySignature sig, String body64, byte[] payload, byte[] signature, X509Certificate leaf)
      throws SignatureException {
    try {
      JsonNode body = JSON.readTree(Base64.getDecoder().decode(body64));
      JsonNode spec = body.path("spec");
      String hash = spec.path("data").path("hash").path("value").asText();
      byte[] logged = Base64.getDecoder().decode(spec.path("signature").path("content").asText());
      byte[] certPem =
          Base64.getDecoder()
              .decode(spec.path("signature").path("publicKey").path("content").asText());
      X509Certificate loggedCert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(certPem));
      if (!"hashedrekord".equals(body.path("kind").asText())
          || !hash.equals(HexFormat.of().formatHex(TrustedRoots.sha256(payload)))
          || !Arrays.equals(logged, signature)
          || !loggedCert.equals(leaf)) {
        throw invalid(sig, "Rekor entry records another payload, signature or certificate");
      }
    } catch (IOException | IllegalArgumentException | java.security.cert.CertificateException e) {
      throw invalid(sig, "Rekor entry body is unreadable: " + e.getMessage());
    }
  }

  private void checkChain(LegacySignature sig, List<X509Certificate> chain, Instant at)
      throws SignatureException {
    try {
      FulcioChains.verify(root, chain, at);
    } catch (Exception e) {
      throw invalid(sig, "certificate does not chain to a trusted Fulcio CA: " + e.getMessage());
    }
  }

  private static List<X509Certificate> certificates(LegacySignature sig) throws SignatureException {
    List<X509Certificate> out = new ArrayList<>();
    for (String key : List.of(LegacySignature.CERTIFICATE, LegacySignature.CHAIN)) {
      String pem = sig.annotations().get(key);
      if (pem == null || pem.isBlank()) {
        continue;
      }
      try {
        for (var c :
            CertificateFactory.getInstance("X.509")
                .generateCertificates(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
          out.add((X509Certificate) c);
        }
      } catch (java.security.cert.CertificateException e) {
        throw new SignatureException(
            Reason.MALFORMED, sig.origin() + " annotation " + key + " is not PEM X.509");
      }
    }
    if (out.isEmpty()) {
      throw new SignatureException(Reason.MALFORMED, sig.origin() + " has no certificate");
    }
    return out;
  }

  private static SignatureException invalid(LegacySignature sig, String what) {
    return new SignatureException(Reason.INVALID, "keyless signature " + sig.origin() + " " + what);
  }
}
