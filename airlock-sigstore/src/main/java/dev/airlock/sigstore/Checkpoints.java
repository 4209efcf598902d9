package dev.airlock.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import dev.sigstore.trustroot.TransparencyLog;
import java.util.Arrays;
import java.util.Base64;

/**
 * Checkpoint signature lines renamed to the trusted log they claim by key hint. sigstore-java finds
 * a checkpoint's signature by the log's host name and so rejects logs whose origin carries a port
 * ({@code localhost:8000}); the name is not signed, the key hint and signature are, and those are
 * still verified against the trusted log's key.
 */
final class Checkpoints {
  private Checkpoints() {}

  /**
   * Whether a bundle has a checkpoint whose signature line names its log other than sigstore-java
   * expects (e.g. {@code 127.0.0.1:8080} for a log at {@code http://127.0.0.1:8080}); such bundles
   * go through {@link OwnBundleCheck}, which reads checkpoints renamed by key.
   */
  static boolean nameDiffersFromKey(JsonNode bundle, SigstoreTrustedRoot root) {
    for (JsonNode e : bundle.path("verificationMaterial").path("tlogEntries")) {
      String envelope = e.path("inclusionProof").path("checkpoint").path("envelope").asText("");
      if (!envelope.isEmpty() && !envelope.equals(namedByKey(envelope, root))) {
        return true;
      }
    }
    return false;
  }

  static String namedByKey(String envelope, SigstoreTrustedRoot root) {
    int blank = envelope.indexOf("\n\n");
    if (blank < 0) {
      return envelope;
    }
    StringBuilder out = new StringBuilder(envelope.substring(0, blank + 2));
    for (String line : envelope.substring(blank + 2).split("\n", -1)) {
      out.append(rename(line, root)).append('\n');
    }
    out.setLength(out.length() - 1);
    return out.toString();
  }

  private static String rename(String line, SigstoreTrustedRoot root) {
    if (!line.startsWith("\u2014 ")) {
      return line;
    }
    String[] parts = line.substring(2).split(" ");
    if (parts.length != 2) {
      return line;
    }
    byte[] sig;
    try {
      sig = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException e) {
      return line;
    }
    if (sig.length < 4) {
      return line;
    }
    for (TransparencyLog log : root.getTLogs()) {
      byte[] keyId = log.getLogId().getKeyId();
      if (keyId.length >= 4 && Arrays.equals(keyId, 0, 4, sig, 0, 4)) {
        return "\u2014 " + log.getBaseUrl().getHost() + " " + parts[1];
      }
    }
    return line;
  }
}
