package dev.airlock.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.encryption.certificates.Certificates;
import dev.sigstore.rekor.client.HashedRekordRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Foresees sigstore-java's "inconsistent with log entry" refusal. For a message signature with a
 * {@code hashedrekord/0.0.1} entry, sigstore-java compares the entry body's text with its own
 * serialisation of the record (artifact digest, certificate PEM, signature); bundles from other
 * clients (sigstore-js, cosign) record the same values in a different text. Those bundles go
 * straight to {@link OwnBundleCheck}, which compares the record, instead of through sigstore-java
 * first (which verifies the chain and signature, then refuses, so the work was done twice).
 *
 * <p>Only a routing decision: whichever path runs, every check runs. A wrong guess either way still
 * verifies fully ({@link SigstoreVerifier} keeps its fallback for the refusal).
 */
final class LogBodies {
  private LogBodies() {}

  static boolean differsForSigstoreJava(JsonNode tree, Bundle bundle, byte[] artifactSha256) {
    var signature = bundle.getMessageSignature();
    if (signature.isEmpty() || bundle.getEntries().isEmpty()) {
      return false;
    }
    JsonNode kind =
        tree.path("verificationMaterial").path("tlogEntries").path(0).path("kindVersion");
    if (!kind.path("kind").asText().equals("hashedrekord")
        || !kind.path("version").asText().equals("0.0.1")) {
      return false;
    }
    try {
      String expected =
          HashedRekordRequest.newHashedRekordRequest(
                  artifactSha256,
                  Certificates.toPemBytes(bundle.getCertPath().getCertificates().get(0)),
                  signature.get().getSignature())
              .toJsonPayload();
      String logged =
          new String(
              Base64.getDecoder().decode(bundle.getEntries().get(0).getBody()),
              StandardCharsets.UTF_8);
      return !expected.equals(logged);
    } catch (IOException | RuntimeException e) {
      return false; // sigstore-java reports it
    }
  }
}
