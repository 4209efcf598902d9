package dev.airlock.sigstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which bundles leave sigstore-java's checkpoint lookup (by host name) for our own (by key hint):
 * those whose checkpoint signature names the trusted log differently, e.g. with a port.
 */
class CheckpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static SigstoreTrustedRoot root;
  private static byte[] keyId;

  @BeforeAll
  static void trustedRoot() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    byte[] spki = g.generateKeyPair().getPublic().getEncoded();
    keyId = MessageDigest.getInstance("SHA-256").digest(spki);
    Base64.Encoder b64 = Base64.getEncoder();
    String json =
        """
        {"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
         "tlogs": [{"baseUrl": "http://127.0.0.1:8080", "hashAlgorithm": "SHA2_256",
           "publicKey": {"rawBytes": "%s", "keyDetails": "PKIX_ECDSA_P256_SHA_256",
             "validFor": {"start": "2020-01-01T00:00:00Z"}},
           "logId": {"keyId": "%s"}}],
         "certificateAuthorities": [], "ctlogs": [], "timestampAuthorities": []}
        """
            .formatted(b64.encodeToString(spki), b64.encodeToString(keyId));
    root = TrustedRoots.parse(json.getBytes(StandardCharsets.UTF_8), "test");
  }

  private static JsonNode bundle(String signedBy, byte[] hint) throws Exception {
    byte[] sig = Arrays.copyOf(hint, 4 + 8);
    String envelope =
        "127.0.0.1:8080 - 1\n1\nq83N\n\n\u2014 "
            + signedBy
            + " "
            + Base64.getEncoder().encodeToString(sig)
            + "\n";
    return JSON.readTree(
        "{\"verificationMaterial\":{\"tlogEntries\":[{\"inclusionProof\":{\"checkpoint\":"
            + "{\"envelope\":"
            + JSON.writeValueAsString(envelope)
            + "}}}]}}");
  }

  @Test
  void nameWithPort_signedByTrustedKey_differs() throws Exception {
    assertThat(Checkpoints.nameDiffersFromKey(bundle("127.0.0.1:8080", keyId), root)).isTrue();
  }

  @Test
  void nameAsSigstoreJavaExpects_doesNotDiffer() throws Exception {
    assertThat(Checkpoints.nameDiffersFromKey(bundle("127.0.0.1", keyId), root)).isFalse();
  }

  @Test
  void hintOfNoTrustedLog_isLeftToSigstoreJava() throws Exception {
    byte[] other = keyId.clone();
    other[0] ^= 1;
    assertThat(Checkpoints.nameDiffersFromKey(bundle("127.0.0.1:8080", other), root)).isFalse();
  }

  @Test
  void noInclusionProof_doesNotDiffer() throws Exception {
    JsonNode b = JSON.readTree("{\"verificationMaterial\":{\"tlogEntries\":[{}]}}");
    assertThat(Checkpoints.nameDiffersFromKey(b, root)).isFalse();
  }
}
