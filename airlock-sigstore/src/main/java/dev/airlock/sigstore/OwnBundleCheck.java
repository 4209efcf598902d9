package dev.airlock.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.signature.SignatureException;
import dev.airlock.signature.Signer;
import dev.airlock.signature.SigstoreBundle;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.timestamp.client.ImmutableTimestampResponse;
import dev.sigstore.timestamp.client.TimestampVerifier;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.PublicKey;
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
 * Keyless bundles verified with sigstore-java's building blocks (Fulcio, Rekor and timestamp
 * verifiers) and Airlock's own checks. It is the fast path for every certificate bundle ({@link
 * SigstoreVerifier} asks sigstore-java's whole verifier only when this refuses, for its verdict and
 * reasons), and the only path for bundles sigstore-java wrongly rejects: DSSE bundles whose log
 * entry it cannot read ({@code intoto/0.0.2}, Rekor v2's {@code hashedrekord/0.0.2} over the DSSE
 * PAE), and message signatures whose {@code hashedrekord/0.0.1} entry is the same record serialised
 * differently (sigstore-java compares the body text with its own serialisation; other clients' PEM
 * or key order differ). Checked: the certificate chain and SCT ({@link FulcioChains}); the
 * signature (over the PAE, with an in-toto subject naming the artifact digest, or over the artifact
 * digest; ECDSA through {@link EcdsaChecks}); each log entry's inclusion proof, checkpoint and SET
 * (Rekor verifier) and that it records this artifact, signature and certificate; and signature
 * times (integrated times, RFC 3161 timestamps from trusted TSAs) inside the certificate's validity
 * and not in the future. Without CT log keys in the trusted root the SCT is not checked ({@link
 * FulcioChains}). Nothing about a bundle is remembered between calls.
 */
final class OwnBundleCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SigstoreTrustedRoot root;
  private final Clock clock;

  OwnBundleCheck(SigstoreTrustedRoot root, Clock clock) {
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
      try {
        JsonNode body =
            JSON.readTree(Base64.getDecoder().decode(e.path("canonicalizedBody").asText()));
        if (!body.path("spec").has("payloadHash")) {
          return true; // the proposed-content form some logs (sigstore-js's mock) record
        }
      } catch (IOException | IllegalArgumentException ex) {
        return true; // let the full check report it
      }
    }
    return false;
  }

  Signer verify(SigstoreBundle candidate, Bundle bundle, JsonNode tree, byte[] digest)
      throws SignatureException {
    X509Certificate leaf = (X509Certificate) bundle.getCertPath().getCertificates().get(0);
    try {
      @SuppressWarnings("unchecked")
      List<X509Certificate> chain = (List<X509Certificate>) bundle.getCertPath().getCertificates();
      // At issuance, as sigstore-java does: the signing times are checked against the leaf below.
      FulcioChains.verify(root, chain, leaf.getNotBefore().toInstant());
    } catch (Exception e) {
      throw fail(candidate, "certificate is not trusted: " + e.getMessage());
    }
    byte[] sig;
    byte[] payload = null;
    byte[] pae = null;
    if (bundle.getDsseEnvelope().isPresent()) {
      var envelope = bundle.getDsseEnvelope().get();
      if (envelope.getSignatures().size() != 1) {
        throw fail(candidate, "DSSE envelope should have exactly one signature");
      }
      sig = envelope.getSignature();
      pae = envelope.getPAE();
      payload = envelope.getPayload();
      checkSignature(candidate, leaf, pae, sig, false);
      checkSubject(candidate, envelope.getPayloadType(), payload, digest);
    } else {
      var ms = bundle.getMessageSignature().orElseThrow();
      if (ms.getMessageDigest().isPresent()
          && !Arrays.equals(ms.getMessageDigest().get().getDigest(), digest)) {
        throw fail(candidate, "signs another artifact (message digest differs)");
      }
      sig = ms.getSignature();
      checkSignature(candidate, leaf, digest, sig, true);
    }
    List<Instant> times = new ArrayList<>();
    List<RekorEntry> entries = BundleEntries.read(tree, root);
    for (RekorEntry entry : entries) {
      try {
        RekorVerifier.newRekorVerifier(root).verifyEntry(entry);
      } catch (Exception e) {
        throw fail(candidate, "transparency log entry: " + e.getMessage());
      }
      checkBody(candidate, entry, digest, payload, pae, sig, leaf);
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

  private static void checkSignature(
      SigstoreBundle c, X509Certificate leaf, byte[] signed, byte[] sig, boolean isDigest)
      throws SignatureException {
    try {
      PublicKey key = leaf.getPublicKey();
      if (!(isDigest
          ? EcdsaChecks.verifyDigest(key, signed, sig)
          : EcdsaChecks.verify(key, signed, sig))) {
        throw fail(c, "signature does not verify with the certificate's key");
      }
    } catch (java.security.GeneralSecurityException e) {
      throw fail(c, "signature cannot be checked: " + e.getMessage());
    }
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
      byte[] digest,
      byte[] payload,
      byte[] pae,
      byte[] sig,
      X509Certificate leaf)
      throws SignatureException {
    try {
      JsonNode body = JSON.readTree(Base64.getDecoder().decode(entry.getBody()));
      String kind = body.path("kind").asText() + "/" + body.path("apiVersion").asText();
      byte[] cert = leaf.getEncoded();
      boolean dsse = pae != null;
      boolean ok =
          switch (kind) {
            case "hashedrekord/0.0.1" -> {
              JsonNode spec = body.path("spec");
              byte[] loggedSig =
                  Base64.getDecoder().decode(spec.path("signature").path("content").asText());
              byte[] pem =
                  Base64.getDecoder()
                      .decode(spec.path("signature").path("publicKey").path("content").asText());
              yield !dsse
                  && spec.path("data").path("hash").path("value").asText().equals(hex(digest))
                  && Arrays.equals(loggedSig, sig)
                  && sameCertificate(pem, cert);
            }
            case "dsse/0.0.1" -> dsse && dsseBody(body.path("spec"), payload, sig, cert);
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
              yield dsse && payloadOk && sigOk;
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
              // Rekor v2 logs the digest that was signed: the PAE's for DSSE, else the artifact's.
              byte[] signedDigest =
                  dsse ? MessageDigest.getInstance("SHA-256").digest(pae) : digest;
              yield v.path("data").path("algorithm").asText().equals("SHA2_256")
                  && Arrays.equals(loggedDigest, signedDigest)
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

  /** A dsse/0.0.1 body: the hashes Rekor computes, or the proposed envelope as submitted. */
  private static boolean dsseBody(JsonNode spec, byte[] payload, byte[] sig, byte[] cert)
      throws IOException {
    if (spec.has("payloadHash")) {
      boolean sigOk = false;
      for (JsonNode s : spec.path("signatures")) {
        byte[] logged = Base64.getDecoder().decode(s.path("signature").asText());
        byte[] pem = Base64.getDecoder().decode(s.path("verifier").asText());
        sigOk |= Arrays.equals(logged, sig) && sameCertificate(pem, cert);
      }
      return sigOk && spec.path("payloadHash").path("value").asText().equals(sha256Hex(payload));
    }
    JsonNode proposed = spec.path("proposedContent");
    JsonNode envelope = JSON.readTree(proposed.path("envelope").asText());
    boolean payloadOk =
        Arrays.equals(Base64.getDecoder().decode(envelope.path("payload").asText()), payload);
    boolean sigOk = false;
    for (JsonNode s : envelope.path("signatures")) {
      sigOk |= Arrays.equals(Base64.getDecoder().decode(s.path("sig").asText()), sig);
    }
    boolean certOk = false;
    for (JsonNode v : proposed.path("verifiers")) {
      certOk |= sameCertificate(Base64.getDecoder().decode(v.asText()), cert);
    }
    return payloadOk && sigOk && certOk;
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

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static String sha256Hex(byte[] b) {
    return HexFormat.of().formatHex(TrustedRoots.sha256(b));
  }

  private static SignatureException fail(SigstoreBundle c, String what) {
    return SigstoreVerifier.invalid(c, what);
  }
}
