package dev.airlock.oci.keyless;

import static dev.airlock.oci.keyless.KeylessSignerTest.ARTIFACT;
import static dev.airlock.oci.keyless.KeylessSignerTest.TOKEN;
import static dev.airlock.oci.keyless.KeylessSignerTest.now;
import static dev.airlock.oci.keyless.KeylessSignerTest.signer;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.oci.OciException;
import dev.airlock.testing.HttpFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KeylessSigner} refusing every unusable Rekor answer (fake Fulcio and Rekor on a real HTTP
 * server, a fake, said so): the reason names the service, the field, expected and found, and no
 * bundle is made.
 */
class KeylessSignerRekorTest {
  @TempDir static Path keys;
  static FakeSigstore.Certified ours;

  @BeforeAll
  static void certificates() throws Exception {
    ours = FakeSigstore.certified(keys, "ours");
  }

  private static HttpFixture start(UnaryOperator<ObjectNode> mutate) throws Exception {
    return FakeSigstore.start(
        FakeSigstore.json(201, FakeSigstore.fulcioAnswer(ours)), FakeSigstore.rekor(now(), mutate));
  }

  static Stream<Arguments> badRekor() {
    String p = "Rekor at %s/api/v1/log/entries: ";
    return Stream.of(
        Arguments.of(
            (UnaryOperator<ObjectNode>) a -> a.put("second", 1),
            p + "expected one log entry in the answer, found 2"),
        Arguments.of(
            entry(e -> e.put("body", "not base64!")),
            p + "the log entry's body should be base64, found \"not base64!\""),
        Arguments.of(
            entry(e -> e.remove("body")),
            p + "the log entry's body should be a string, found nothing"),
        Arguments.of(
            entry(e -> e.put("logIndex", "42")),
            p + "the log entry's logIndex should be a non-negative integer, found \"42\""),
        Arguments.of(
            entry(e -> e.put("logID", "zz")),
            p + "the log entry's logID should be hex, found \"zz\""),
        Arguments.of(
            entry(e -> ((ObjectNode) e.get("verification")).remove("inclusionProof")),
            p + "the log entry has no verification.inclusionProof (a v0.3 bundle needs one)"),
        Arguments.of(
            entry(e -> ((ObjectNode) e.get("verification")).put("signedEntryTimestamp", "%%")),
            p
                + "the log entry's verification.signedEntryTimestamp should be base64, found \"%%%%\""),
        Arguments.of(
            entry(e -> ((ObjectNode) e.at("/verification/inclusionProof")).put("treeSize", -1)),
            p
                + "the log entry's verification.inclusionProof.treeSize should be a non-negative"
                + " integer, found -1"),
        Arguments.of(
            entry(e -> ((ObjectNode) e.at("/verification/inclusionProof")).put("hashes", "ab")),
            p
                + "the log entry's verification.inclusionProof.hashes should be an array of hex"
                + " hashes, found \"ab\""),
        Arguments.of(
            entry(e -> e.put("integratedTime", 0)),
            p
                + "the entry was logged at 1970-01-01T00:00:00Z, outside the certificate's validity"));
  }

  private static UnaryOperator<ObjectNode> entry(java.util.function.Consumer<ObjectNode> change) {
    return a -> {
      change.accept((ObjectNode) a.elements().next());
      return a;
    };
  }

  @ParameterizedTest
  @MethodSource("badRekor")
  void sign_unusableRekorAnswer_refusedWithReason(UnaryOperator<ObjectNode> mutate, String message)
      throws Exception {
    try (HttpFixture f = start(mutate)) {
      assertThatThrownBy(() -> signer(f, TOKEN, ours).sign(ARTIFACT))
          .isInstanceOf(OciException.class)
          .hasMessageStartingWith(String.format(message, f.baseUrl()))
          .extracting(e -> ((OciException) e).kind())
          .isEqualTo(OciException.Kind.PROTOCOL);
    }
  }

  @Test
  void sign_rekorLoggedAnotherBody_refusedNamingBothHashes() throws Exception {
    UnaryOperator<ObjectNode> swap =
        entry(
            e -> {
              String other =
                  "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":"
                      + "{\"algorithm\":\"sha256\",\"value\":\""
                      + "11".repeat(32)
                      + "\"}},\"signature\":{\"content\":\"MEUCIQCevil\",\"publicKey\":"
                      + "{\"content\":\"eA==\"}}}}";
              e.put(
                  "body",
                  Base64.getEncoder().encodeToString(other.getBytes(StandardCharsets.UTF_8)));
            });
    try (HttpFixture f = start(swap)) {
      String sha =
          java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ARTIFACT));
      assertThatThrownBy(() -> signer(f, TOKEN, ours).sign(ARTIFACT))
          .isInstanceOf(OciException.class)
          .hasMessageStartingWith(
              "Rekor at "
                  + f.baseUrl()
                  + "/api/v1/log/entries: the log entry is for a different body: expected"
                  + " hashedrekord/0.0.1 sha256:"
                  + sha
                  + " signature ")
          .hasMessageEndingWith(
              ", found hashedrekord/0.0.1 sha256:"
                  + "11".repeat(32)
                  + " signature MEUCIQCevil; refusing to build a bundle on it");
    }
  }
}
