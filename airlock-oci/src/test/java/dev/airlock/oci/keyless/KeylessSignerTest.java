package dev.airlock.oci.keyless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.oci.OciException;
import dev.airlock.signature.PublicKeys;
import dev.airlock.testing.HttpFixture;
import dev.airlock.testing.MockSigstoreServers;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link KeylessSigner} against a fake Fulcio and Rekor on a real HTTP server (a fake, said so):
 * what it sends, the bundle it builds, and every unusable answer refused with its reason.
 */
class KeylessSignerTest {
  @TempDir static Path keys;
  static FakeSigstore.Certified ours;
  static FakeSigstore.Certified other;
  static final byte[] ARTIFACT = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
  static final String TOKEN =
      MockSigstoreServers.unsignedToken(
          Map.of("iss", "https://issuer.test", "sub", "ci@example.test", "exp", 4102444800L));

  @BeforeAll
  static void certificates() throws Exception {
    ours = FakeSigstore.certified(keys, "ours");
    other = FakeSigstore.certified(keys, "other");
  }

  private static KeylessSigner signer(HttpFixture f, String token) {
    return signer(f, token, ours);
  }

  static KeylessSigner signer(HttpFixture f, String token, FakeSigstore.Certified c) {
    return KeylessSigner.builder()
        .fulcioUrl(URI.create(f.baseUrl()))
        .rekorUrl(URI.create(f.baseUrl() + "/"))
        .identityToken(token)
        .keys(c::keys)
        .build();
  }

  static Instant now() {
    return Instant.now();
  }

  @Test
  void sign_wellFormedAnswers_sendsProofOfPossession_buildsV03BundleWithOurSignature()
      throws Exception {
    AtomicReference<JsonNode> asked = new AtomicReference<>();
    HttpFixture.Handler fulcio =
        x -> {
          asked.set(FakeSigstore.JSON.readTree(x.getRequestBody()));
          try {
            FakeSigstore.json(201, FakeSigstore.fulcioAnswer(ours)).handle(x);
          } catch (Exception e) {
            throw new java.io.IOException(e);
          }
        };
    try (HttpFixture f = FakeSigstore.start(fulcio, FakeSigstore.rekor(now(), a -> a))) {
      KeylessSignature s = signer(f, TOKEN).sign(ARTIFACT);

      JsonNode req = asked.get();
      assertThat(req.at("/credentials/oidcIdentityToken").asText()).isEqualTo(TOKEN);
      assertThat(req.at("/publicKeyRequest/publicKey/algorithm").asText()).isEqualTo("ECDSA");
      assertThat(
              PublicKeys.parse(req.at("/publicKeyRequest/publicKey/content").asText(), "request"))
          .isEqualTo(ours.keys().getPublic());
      Signature pop = Signature.getInstance("SHA256withECDSA");
      pop.initVerify(ours.cert().getPublicKey());
      pop.update("ci@example.test".getBytes(StandardCharsets.UTF_8));
      assertThat(
              pop.verify(
                  Base64.getDecoder()
                      .decode(req.at("/publicKeyRequest/proofOfPossession").asText())))
          .isTrue();

      JsonNode b = FakeSigstore.JSON.readTree(s.bundle());
      Base64.Decoder d = Base64.getDecoder();
      assertThat(b.get("mediaType").asText())
          .isEqualTo("application/vnd.dev.sigstore.bundle.v0.3+json");
      assertThat(d.decode(b.at("/verificationMaterial/certificate/rawBytes").asText()))
          .isEqualTo(ours.cert().getEncoded());
      JsonNode t = b.at("/verificationMaterial/tlogEntries/0");
      assertThat(t.get("logIndex").asText()).isEqualTo("42");
      assertThat(t.at("/logId/keyId").asText())
          .isEqualTo("wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=");
      assertThat(t.at("/kindVersion/kind").asText()).isEqualTo("hashedrekord");
      assertThat(t.at("/inclusionProof/logIndex").asText()).isEqualTo("7");
      assertThat(t.at("/inclusionProof/treeSize").asText()).isEqualTo("8");
      assertThat(d.decode(t.at("/inclusionProof/rootHash").asText()))
          .containsOnly((byte) 0xab)
          .hasSize(32);
      assertThat(d.decode(t.at("/inclusionProof/hashes/1").asText()))
          .containsOnly((byte) 0xef)
          .hasSize(32);
      assertThat(t.at("/inclusionPromise/signedEntryTimestamp").asText()).isEqualTo("MEUCIQD=");
      JsonNode logged = FakeSigstore.JSON.readTree(d.decode(t.get("canonicalizedBody").asText()));
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(ARTIFACT);
      assertThat(logged.at("/spec/data/hash/value").asText())
          .isEqualTo(java.util.HexFormat.of().formatHex(sha));
      assertThat(d.decode(b.at("/messageSignature/messageDigest/digest").asText())).isEqualTo(sha);
      Signature sig = Signature.getInstance("SHA256withECDSA");
      sig.initVerify(ours.cert().getPublicKey());
      sig.update(ARTIFACT);
      assertThat(sig.verify(d.decode(b.at("/messageSignature/signature").asText()))).isTrue();
      assertThat(s.logIndex()).isEqualTo(42);
    }
  }

  static Stream<Arguments> badFulcio() {
    return Stream.of(
        Arguments.of(
            500,
            "boom",
            OciException.Kind.PROTOCOL,
            "Fulcio at %s/api/v2/signingCert answered 500: boom"),
        Arguments.of(
            401,
            "{\"code\":16,\"message\":\"invalid token\"}",
            OciException.Kind.UNAUTHORIZED,
            "Fulcio at %s/api/v2/signingCert answered 401: {\"code\":16,\"message\":\"invalid"
                + " token\"}; the identity token was refused (expired, wrong audience or issuer?)"),
        Arguments.of(
            201,
            "<html>",
            OciException.Kind.PROTOCOL,
            "Fulcio at %s/api/v2/signingCert: the answer is not JSON (Unexpected character ('<'"
                + " (code 60)): expected a valid value (JSON String, Number, Array, Object or token"
                + " 'null', 'true' or 'false')): <html>"),
        Arguments.of(
            201,
            "[1]",
            OciException.Kind.PROTOCOL,
            "Fulcio at %s/api/v2/signingCert: the answer is not a JSON object"),
        Arguments.of(
            201,
            "{\"signedCertificateEmbeddedSct\":{}}",
            OciException.Kind.PROTOCOL,
            "Fulcio at %s/api/v2/signingCert: the answer has no"
                + " signedCertificateEmbeddedSct.chain.certificates:"
                + " {\"signedCertificateEmbeddedSct\":{}}"),
        Arguments.of(
            201,
            "{\"signedCertificateDetachedSct\":{\"chain\":{\"certificates\":[]}}}",
            OciException.Kind.PROTOCOL,
            "Fulcio at %s/api/v2/signingCert: the certificate came with a detached SCT; a"
                + " Sigstore bundle carries only certificates with the SCT embedded (use a Fulcio"
                + " that embeds SCTs)"),
        Arguments.of(
            201,
            "{\"signedCertificateEmbeddedSct\":{\"chain\":{\"certificates\":[\"-----BEGIN"
                + " CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\"]}}}",
            OciException.Kind.PROTOCOL,
            "Fulcio at %s/api/v2/signingCert: certificate 0 of the chain is not an X.509"
                + " certificate in PEM: "),
        Arguments.of(
            201,
            "{\"signedCertificateEmbeddedSct\":{\"chain\":{\"certificates\":[7]}}}",
            OciException.Kind.PROTOCOL,
            "Fulcio at %s/api/v2/signingCert: certificate 0 of the chain is not a PEM string"));
  }

  @ParameterizedTest
  @MethodSource("badFulcio")
  void sign_unusableFulcioAnswer_refusedWithReason_rekorNeverAsked(
      int status, String body, OciException.Kind kind, String message) {
    AtomicReference<String> rekorAsked = new AtomicReference<>();
    HttpFixture.Handler rekor =
        x -> {
          rekorAsked.set("asked");
          x.sendResponseHeaders(500, -1);
        };
    try (HttpFixture f =
        FakeSigstore.start(
            HttpFixture.respond(status, body.getBytes(StandardCharsets.UTF_8)), rekor)) {
      assertThatThrownBy(() -> signer(f, TOKEN).sign(ARTIFACT))
          .isInstanceOf(OciException.class)
          .hasMessageStartingWith(String.format(message, f.baseUrl()))
          .extracting(e -> ((OciException) e).kind())
          .isEqualTo(kind);
      assertThat(rekorAsked.get()).isNull();
    }
  }

  @Test
  void sign_certificateForAnotherKey_refused() throws Exception {
    try (HttpFixture f =
        FakeSigstore.start(
            FakeSigstore.json(201, FakeSigstore.fulcioAnswer(other)),
            FakeSigstore.rekor(now(), a -> a))) {
      assertThatThrownBy(() -> signer(f, TOKEN).sign(ARTIFACT))
          .isInstanceOf(OciException.class)
          .hasMessage(
              "Fulcio at "
                  + f.baseUrl()
                  + "/api/v2/signingCert: the certificate is for another public key: expected "
                  + PublicKeys.fingerprint(ours.keys().getPublic())
                  + ", found "
                  + PublicKeys.fingerprint(other.keys().getPublic())
                  + "; refusing to sign with it");
    }
  }

  @Test
  void sign_serviceUnreachable_refusedAsNetwork() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    KeylessSigner k =
        KeylessSigner.builder()
            .fulcioUrl(URI.create("http://127.0.0.1:" + port))
            .rekorUrl(URI.create("http://127.0.0.1:" + port))
            .identityToken(TOKEN)
            .build();
    assertThatThrownBy(() -> k.sign(ARTIFACT))
        .isInstanceOf(OciException.class)
        .hasMessageStartingWith(
            "Fulcio at http://127.0.0.1:" + port + "/api/v2/signingCert could not be reached: ")
        .hasMessageEndingWith("; check the URL")
        .extracting(e -> ((OciException) e).kind())
        .isEqualTo(OciException.Kind.NETWORK);
  }

  @Test
  void sign_answerLargerThanOneMebibyte_refused() {
    byte[] huge = new byte[ServiceHttp.MAX_BODY + 10];
    java.util.Arrays.fill(huge, (byte) ' ');
    try (HttpFixture f = FakeSigstore.start(HttpFixture.respond(201, huge), x -> {})) {
      assertThatThrownBy(() -> signer(f, TOKEN).sign(ARTIFACT))
          .isInstanceOf(OciException.class)
          .hasMessage(
              "Fulcio at "
                  + f.baseUrl()
                  + "/api/v2/signingCert: the answer is larger than 1048576 bytes");
    }
  }

  static Stream<Arguments> badTokens() {
    return Stream.of(
        Arguments.of(
            "not-a-jwt",
            "the identity token is not a JWT (header.payload.signature): found 1 part(s)"),
        Arguments.of("a.%%%.c", "the identity token's payload is not base64url JSON: "),
        Arguments.of(
            MockSigstoreServers.unsignedToken(Map.of("iss", "x", "exp", 1000)),
            "the identity token expired at 1970-01-01T00:16:40Z; get a fresh one"),
        Arguments.of(
            MockSigstoreServers.unsignedToken(Map.of("iss", "x")),
            "the identity token has no subject: expected an 'email' or 'sub' claim"));
  }

  @ParameterizedTest
  @MethodSource("badTokens")
  void sign_unusableToken_refusedBeforeAnyRequest(String token, String message) {
    AtomicReference<String> asked = new AtomicReference<>();
    HttpFixture.Handler any =
        x -> {
          asked.set("asked");
          x.sendResponseHeaders(500, -1);
        };
    try (HttpFixture f = FakeSigstore.start(any, any)) {
      assertThatThrownBy(() -> signer(f, token).sign(ARTIFACT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(message);
      assertThat(asked.get()).isNull();
    }
  }

  @Test
  void builder_nonHttpUrl_orPlainHttpOffLoopback_refusedNamingTheOption() {
    assertThatThrownBy(() -> builder("file:///etc/passwd").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "fulcioUrl should be an http(s)://host[:port][/path] URL, found file:///etc/passwd");
    assertThatThrownBy(() -> builder("http://fulcio.example.test").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "fulcioUrl should be https (plain http only on 127.0.0.1, ::1 or localhost: the"
                + " identity token would travel in clear), found http://fulcio.example.test");
    assertThat(builder("http://[::1]:8080").build()).isNotNull();
    assertThat(builder("https://fulcio.example.test").build()).isNotNull();
  }

  private static KeylessSigner.Builder builder(String fulcio) {
    return KeylessSigner.builder()
        .fulcioUrl(URI.create(fulcio))
        .rekorUrl(URI.create("https://rekor.test"))
        .identityToken(TOKEN);
  }
}
