package dev.airlock.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sigstore.rekor.client.ImmutableInclusionProof;
import dev.sigstore.rekor.client.ImmutableRekorEntry;
import dev.sigstore.rekor.client.ImmutableVerification;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Transparency-log entries read from a bundle's JSON directly, for bundles sigstore-java will not
 * parse (managed keys). Proto JSON writes 64-bit numbers as strings; both forms are read.
 */
final class BundleEntries {
  private BundleEntries() {}

  static List<RekorEntry> read(JsonNode bundle, SigstoreTrustedRoot root) {
    List<RekorEntry> out = new ArrayList<>();
    for (JsonNode e : bundle.path("verificationMaterial").path("tlogEntries")) {
      var verification = ImmutableVerification.builder();
      String set = e.path("inclusionPromise").path("signedEntryTimestamp").asText(null);
      if (set != null) {
        verification.signedEntryTimestamp(set);
      }
      JsonNode p = e.get("inclusionProof");
      if (p != null) {
        var proof =
            ImmutableInclusionProof.builder()
                .logIndex(number(p.path("logIndex")))
                .treeSize(number(p.path("treeSize")))
                .rootHash(hex(p.path("rootHash").asText()))
                .checkpoint(
                    Checkpoints.namedByKey(p.path("checkpoint").path("envelope").asText(), root));
        for (JsonNode h : p.path("hashes")) {
          proof.addHashes(hex(h.asText()));
        }
        verification.inclusionProof(proof.build());
      }
      out.add(
          ImmutableRekorEntry.builder()
              .body(e.path("canonicalizedBody").asText())
              .integratedTime(number(e.path("integratedTime")))
              .logID(hex(e.path("logId").path("keyId").asText()))
              .logIndex(number(e.path("logIndex")))
              .verification(verification.build())
              .build());
    }
    return out;
  }

  static long number(JsonNode n) {
    return n.isNumber() ? n.asLong() : Long.parseLong(n.asText("0"));
  }

  private static String hex(String base64) {
    return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
  }
}
