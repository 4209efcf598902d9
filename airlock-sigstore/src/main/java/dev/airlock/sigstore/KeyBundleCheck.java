package dev.airlock.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.signature.PublicKeys;
import dev.airlock.signature.SignatureException;
import dev.airlock.signature.Signer;
import dev.airlock.signature.SigstoreBundle;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A bundle signed with a managed key ({@code publicKey} hint instead of a certificate), which
 * sigstore-java's keyless verifier does not handle: the signature verifies with one of the policy's
 * keys, and each transparency log entry present is one of the trusted root's logs recording exactly
 * this signature, key and digest (inclusion proof and checkpoint checked by sigstore-java's Rekor
 * verifier). A bundle without log entries rests on the key alone, like a legacy key signature;
 * Airlock's own offline key bundles are such bundles.
 */
final class KeyBundleCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SigstoreTrustedRoot root;

  private final SigstoreVerifier prepared;

  KeyBundleCheck(SigstoreTrustedRoot root, SigstoreVerifier prepared) {
    this.root = root;
    this.prepared = prepared;
  }

  Signer verify(SigstoreBundle candidate, JsonNode bundle, byte[] digest, List<PublicKey> keys)
      throws SignatureException {
    JsonNode ms = bundle.get("messageSignature");
    if (ms == null) {
      throw SigstoreVerifier.invalid(
          candidate,
          "is signed with a key as a DSSE envelope; only message signatures are supported");
    }
    JsonNode md = ms.path("messageDigest").path("digest");
    if (md.isTextual() && !Arrays.equals(Base64.getDecoder().decode(md.asText()), digest)) {
      throw SigstoreVerifier.invalid(candidate, "signs another artifact (message digest differs)");
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(ms.path("signature").asText());
    } catch (IllegalArgumentException e) {
      throw SigstoreVerifier.invalid(candidate, "has a signature that is not base64");
    }
    PublicKey key = null;
    for (PublicKey k : keys) {
      try {
        if (EcdsaChecks.verifyDigest(prepared.prepared(k), digest, signature)) {
          key = k;
          break;
        }
      } catch (Exception e) {
        // not this key
      }
    }
    if (key == null) {
      throw SigstoreVerifier.invalid(
          candidate,
          keys.isEmpty()
              ? "is signed with a key and the policy names no keys"
              : "does not verify with any key of the policy");
    }
    List<RekorEntry> entries;
    try {
      entries = BundleEntries.read(bundle, root);
    } catch (RuntimeException e) {
      throw SigstoreVerifier.invalid(candidate, "has an unreadable transparency log entry");
    }
    // No log entry: trust rests on the key alone, as for legacy key signatures (cosign's
    // --insecure-ignore-tlog); entries that are present must verify.
    for (RekorEntry entry : entries) {
      try {
        RekorVerifier.newRekorVerifier(root).verifyEntry(entry);
      } catch (RekorVerificationException | RuntimeException e) {
        throw SigstoreVerifier.invalid(candidate, "transparency log entry: " + e.getMessage());
      }
      checkBody(candidate, entry, digest, signature, key);
    }
    return Signer.key(PublicKeys.fingerprint(key));
  }

  private static void checkBody(
      SigstoreBundle candidate, RekorEntry entry, byte[] digest, byte[] sig, PublicKey key)
      throws SignatureException {
    try {
      JsonNode body = JSON.readTree(Base64.getDecoder().decode(entry.getBody()));
      JsonNode spec = body.path("spec");
      String hash = spec.path("data").path("hash").path("value").asText();
      byte[] entrySig = Base64.getDecoder().decode(spec.path("signature").path("content").asText());
      String pem =
          new String(
              Base64.getDecoder()
                  .decode(spec.path("signature").path("publicKey").path("content").asText()),
              StandardCharsets.US_ASCII);
      boolean keyMatches =
          MessageDigest.isEqual(PublicKeys.parse(pem, "log entry").getEncoded(), key.getEncoded());
      if (!body.path("kind").asText().equals("hashedrekord")
          || !hash.equals(HexFormat.of().formatHex(digest))
          || !Arrays.equals(entrySig, sig)
          || !keyMatches) {
        throw SigstoreVerifier.invalid(
            candidate, "transparency log entry records another signature, key or digest");
      }
    } catch (IOException | IllegalArgumentException e) {
      throw SigstoreVerifier.invalid(candidate, "transparency log entry body is unreadable");
    }
  }
}
