package dev.airlock.oci.keyless;

import java.util.List;

/**
 * A Rekor v1 log entry as it was answered, checked: the body is ours, the numbers are numbers and
 * the hex is hex. Encodings are Rekor's (hex log id, root hash and proof hashes; base64 body and
 * SET); {@link KeylessBundle} converts them to the bundle's.
 */
record RekorEntry(
    String bodyBase64,
    long logIndex,
    String logIdHex,
    long integratedTime,
    String signedEntryTimestamp,
    Proof proof) {

  /** The inclusion proof and the checkpoint it was computed against. */
  record Proof(
      long logIndex, long treeSize, String rootHashHex, List<String> hashesHex, String checkpoint) {
    Proof {
      hashesHex = List.copyOf(hashesHex);
    }
  }
}
