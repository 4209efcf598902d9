package dev.airlock.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.signature.SignatureException;
import dev.airlock.signature.Signer;
import dev.airlock.signature.SigstoreBundle;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.encryption.signers.Verifiers;
import dev.sigstore.fulcio.client.FulcioVerifier;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.timestamp.client.ImmutableTimestampResponse;
import dev.sigstore.timestamp.client.TimestampVerifier;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/**
 * DSSE bundles whose log entry sigstore-java cannot read ({@code intoto/0.0.2}, and Rekor v2's
 * {@code hashedrekord/0.0.2} over the DSSE PAE). Checked here with sigstore-java's building blocks:
 * the certificate chain and SCT (Fulcio verifier), the envelope signature over the PAE, an in-toto
 * subject naming the artifact digest, each log entry's inclusion proof and checkpoint (Rekor
 * verifier) and that it records this envelope, signature and certificate, and signature times
 * (integrated times, RFC 3161 timestamps from trusted TSAs) inside the certificate's validity.
 */
final class DsseCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SigstoreTrustedRoot root;
  private final Clock clock;

  DsseCheck(SigstoreTrustedRoot root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  /** Whether sigstore-java cannot read this bundle's log entries, so this check must run. */
  static boolean needed(JsonNode bundle) {
    if (!bundle.has("dsseEnvelope")) {
      return false;
    }
    for (JsonNode e : bundle.path("verificationMaterial").path("tlogEntries")) {
      if (!e.path("kindVersion").path("kind").asText().equals("dsse")) {
        return true;
      }
    }
    return false;
  }

  Signer verify(SigstoreBundle candidate, Bundle bundle, JsonNode tree, byte[] digest)
      throws SignatureException {
    X509Certificate leaf = (X509Certificate) bundle.getCertPath().getCertificates().get(0);
    try {
      FulcioVerifier.newFulcioVerifier(root).verifySigningCertificate(bundle.getCertPath());
    } catch (Exception e) {
      throw fail(candidate, "certificate is not trusted: " + e.getMessage());
    }
    var envelope = bundle.getDsseEnvelope().orElseThrow();
    if (envelope.getSignatures().size() != 1) {
      throw fail(candidate, "DSSE envelope should have exactly one signature");
    }
    byte[] sig = envelope.getSignature();
    byte[] pae = envelope.getPAE();
    try {
      if (!Verifiers.newVerifier(leaf.getPublicKey()).verify(pae, sig)) {
        throw fail(candidate, "DSSE signature does not verify with the certificate's key");
      }
    } catch (java.security.GeneralSecurityException e) {
      throw fail(candidate, "DSSE signature cannot be checked: " + e.getMessage());
    }
    checkSubject(candidate, envelope.getPayloadType(), envelope.getPayload(), digest);
    List<Instant> times = new ArrayList<>();
    List<RekorEntry> entries = BundleEntries.read(tree, root);
    for (RekorEntry entry : entries) {
      try {
        RekorVerifier.newRekorVerifier(root).verifyEntry(entry);
      } catch (Exception e) {
        throw fail(candidate, "transparency log entry: " + e.getMessage());
      }
      checkBody(candidate, entry, envelope.getPayload(), pae, sig, leaf);
      if (entry.getIntegratedTime() > 0) {
        times.add(Instant.ofEpochSecond(entry.getIntegratedTime()));
      }
    }
    if (entries.isEmpty()) {
      throw fail(candidate, "has no transparency log entry");
    }
    for (Bundle.Timestamp ts : bundle.getTimestamps()) {
      try {
        var response =
            ImmutableTimestampResponse.builder().encoded(ts.getRfc3161Timestamp()).build();
        TimestampVerifier.newTimestampVerifier(root).verify(response, sig);
        times.add(response.getGenTime().toInstant());
      } catch (Exception e) {
        throw fail(candidate, "timestamp does not verify: " + e.getMessage());
      }
    }
    if (times.isEmpty()) {
      throw fail(candidate, "has no verified signing time (integrated time or timestamp)");
    }
    for (Instant t : times) {
      if (t.isAfter(clock.instant().plus(SigstoreVerifier.SKEW))) {
        throw fail(candidate, "has a signing time in the future: " + t);
      }
      try {
        leaf.checkValidity(Date.from(t));
      } catch (java.security.cert.CertificateException e) {
        throw fail(candidate, "was signed at " + t + ", outside the certificate's validity");
      }
    }
    return CertificateIdentities.signer(leaf);
  }

  private static void checkSubject(SigstoreBundle c, String type, byte[] payload, byte[] digest)
      throws SignatureException {
    if (!"application/vnd.in-toto+json".equals(type)) {
      throw fail(c, "DSSE payload type should be application/vnd.in-toto+json, found " + type);
    }
    String hex = HexFormat.of().formatHex(digest);
    try {
      for (JsonNode s : JSON.readTree(payload).path("subject")) {
        if (hex.equalsIgnoreCase(s.path("digest").path("sha256").asText())) {
          return;
        }
      }
    } catch (IOException e) {
      throw fail(c, "in-toto statement is not JSON");
    }
    throw fail(c, "in-toto statement has no subject with sha256 " + hex);
  }

  private static void checkBody(
      SigstoreBundle c,
      RekorEntry entry,
      byte[] payload,
      byte[] pae,
      byte[] sig,
      X509Certificate leaf)
      throws SignatureException {
    try {
      JsonNode body = JSON.readTree(Base64.getDecoder().decode(entry.getBody()));
      String kind = body.path("kind").asText() + "/" + body.path("apiVersion").asText();
      byte[] cert = leaf.getEncoded();
      boolean ok =
          switch (kind) {
            case "intoto/0.0.2" -> {
              JsonNode content = body.path("spec").path("content");
              boolean payloadOk =
                  content.path("payloadHash").path("value").asText().equals(sha256Hex(payload));
              boolean sigOk = false;
              for (JsonNode s : content.path("envelope").path("signatures")) {
                byte[] once = Base64.getDecoder().decode(s.path("sig").asText());
                byte[] logged = decodesAsBase64(once) ? Base64.getDecoder().decode(once) : once;
                byte[] pem = Base64.getDecoder().decode(s.path("publicKey").asText());
                sigOk |= Arrays.equals(logged, sig) && sameCertificate(pem, cert);
              }
              yield payloadOk && sigOk;
            }
            case "hashedrekord/0.0.2" -> {
              JsonNode v = body.path("spec").path("hashedRekordV002");
              byte[] loggedDigest =
                  Base64.getDecoder().decode(v.path("data").path("digest").asText());
              byte[] loggedSig =
                  Base64.getDecoder().decode(v.path("signature").path("content").asText());
              byte[] loggedCert =
                  Base64.getDecoder()
                      .decode(
                          v.path("signature")
                              .path("verifier")
                              .path("x509Certificate")
                              .path("rawBytes")
                              .asText());
              yield Arrays.equals(loggedDigest, MessageDigest.getInstance("SHA-256").digest(pae))
                  && Arrays.equals(loggedSig, sig)
                  && Arrays.equals(loggedCert, cert);
            }
            default -> false;
          };
      if (!ok) {
        throw fail(c, "transparency log entry (" + kind + ") records another envelope or signer");
      }
    } catch (IOException | IllegalArgumentException | java.security.GeneralSecurityException e) {
      throw fail(c, "transparency log entry body is unreadable: " + e.getMessage());
    }
  }

  private static boolean sameCertificate(byte[] pem, byte[] der) {
    try {
      var c =
          java.security.cert.CertificateFactory.getInstance("X.509")
              .generateCertificate(new java.io.ByteArrayInputStream(pem));
      return Arrays.equals(c.getEncoded(), der);
    } catch (java.security.cert.CertificateException e) {
      return false;
    }
  }

  private static boolean decodesAsBase64(byte[] b) {
    try {
      Base64.getDecoder().decode(b);
      return b.length > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String sha256Hex(byte[] b) {
    return HexFormat.of().formatHex(TrustedRoots.sha256(b));
  }

  private static SignatureException fail(SigstoreBundle c, String what) {
    return SigstoreVerifier.invalid(c, what);
  }
}
