package dev.airlock.oci.keyless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.oci.OciException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Rekor's {@code POST /api/v1/log/entries} with a {@code hashedrekord/0.0.1} entry: the artifact's
 * sha256, our signature and our certificate. The answer must hold exactly one entry whose body is
 * the one we proposed, with a signed entry timestamp and an inclusion proof.
 */
final class RekorClient {
  static final String SERVICE = "Rekor";
  private static final String PATH = "/api/v1/log/entries";

  private final ServiceHttp http;
  private final URI url;

  RekorClient(ServiceHttp http, URI base) {
    this.http = http;
    this.url = Endpoints.resolve(base, PATH);
  }

  RekorEntry logHashedRekord(byte[] sha256, byte[] signature, X509Certificate leaf)
      throws OciException {
    ObjectNode proposed = proposal(sha256, signature, leaf);
    JsonNode answer = http.post(SERVICE, url, proposed);
    if (answer.size() != 1) {
      throw ServiceHttp.protocol(
          SERVICE,
          url,
          "expected one log entry in the answer, found " + answer.size(),
          "1",
          Integer.toString(answer.size()));
    }
    Map.Entry<String, JsonNode> only = answer.properties().iterator().next();
    JsonNode e = only.getValue();
    String body = text(e, "body");
    checkBody(proposed, body);
    JsonNode v = e.path("verification");
    String set = text(v, "signedEntryTimestamp");
    base64(set, "verification.signedEntryTimestamp");
    JsonNode p = v.path("inclusionProof");
    if (!p.isObject()) {
      throw ServiceHttp.protocol(
          SERVICE,
          url,
          "the log entry has no verification.inclusionProof (a v0.3 bundle needs one)",
          "an inclusion proof",
          null);
    }
    List<String> hashes = new ArrayList<>();
    JsonNode hs = p.path("hashes");
    if (!hs.isMissingNode() && !hs.isArray()) {
      throw field("verification.inclusionProof.hashes", "an array of hex hashes", hs);
    }
    for (JsonNode h : hs) {
      hashes.add(hex(h, "verification.inclusionProof.hashes[]"));
    }
    RekorEntry.Proof proof =
        new RekorEntry.Proof(
            number(p, "logIndex", "verification.inclusionProof."),
            number(p, "treeSize", "verification.inclusionProof."),
            hex(p.path("rootHash"), "verification.inclusionProof.rootHash"),
            hashes,
            text(p, "checkpoint"));
    long integrated = number(e, "integratedTime", "");
    checkValidity(Instant.ofEpochSecond(integrated), leaf);
    return new RekorEntry(
        body, number(e, "logIndex", ""), hex(e.path("logID"), "logID"), integrated, set, proof);
  }

  /** A log time outside the certificate's validity makes a bundle no verifier accepts. */
  private void checkValidity(Instant logged, X509Certificate leaf) throws OciException {
    Instant from = leaf.getNotBefore().toInstant();
    Instant until = leaf.getNotAfter().toInstant();
    if (logged.isBefore(from) || logged.isAfter(until)) {
      throw ServiceHttp.protocol(
          SERVICE,
          url,
          "the entry was logged at "
              + logged
              + ", outside the certificate's validity ["
              + from
              + ", "
              + until
              + "]; the bundle would not verify",
          "[" + from + ", " + until + "]",
          logged.toString());
    }
  }

  static ObjectNode proposal(byte[] sha256, byte[] signature, X509Certificate leaf) {
    Base64.Encoder b64 = Base64.getEncoder();
    ObjectNode n = ServiceHttp.JSON.createObjectNode();
    n.put("apiVersion", "0.0.1").put("kind", "hashedrekord");
    ObjectNode spec = n.putObject("spec");
    spec.putObject("data")
        .putObject("hash")
        .put("algorithm", "sha256")
        .put("value", HexFormat.of().formatHex(sha256));
    spec.putObject("signature")
        .put("content", b64.encodeToString(signature))
        .putObject("publicKey")
        .put("content", b64.encodeToString(pem(leaf).getBytes(StandardCharsets.US_ASCII)));
    return n;
  }

  private void checkBody(ObjectNode proposed, String body) throws OciException {
    JsonNode logged;
    try {
      logged = ServiceHttp.JSON.readTree(base64(body, "body"));
    } catch (IOException ex) {
      throw field("body", "base64 of the JSON entry we proposed", null);
    }
    if (!proposed.equals(logged)) {
      throw ServiceHttp.protocol(
          SERVICE,
          url,
          "the log entry is for a different body: expected "
              + describe(proposed)
              + ", found "
              + describe(logged)
              + "; refusing to build a bundle on it",
          describe(proposed),
          describe(logged));
    }
  }

  private static String describe(JsonNode n) {
    if (n == null || !n.isObject()) {
      return "(not a JSON object)";
    }
    JsonNode sig = n.path("spec").path("signature").path("content");
    String s = sig.asText("");
    return n.path("kind").asText("?")
        + "/"
        + n.path("apiVersion").asText("?")
        + " sha256:"
        + n.path("spec").path("data").path("hash").path("value").asText("?")
        + " signature "
        + (s.length() > 16 ? s.substring(0, 16) + "…" : s.isEmpty() ? "?" : s);
  }

  private String text(JsonNode n, String name) throws OciException {
    JsonNode v = n.path(name);
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw field(name, "a string", v);
    }
    return v.asText();
  }

  private long number(JsonNode n, String name, String prefix) throws OciException {
    JsonNode v = n.path(name);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw field(prefix + name, "a non-negative integer", v);
    }
    return v.asLong();
  }

  private String hex(JsonNode v, String name) throws OciException {
    String s = v.isTextual() ? v.asText() : "";
    if (s.isEmpty() || s.length() % 2 != 0 || !s.matches("[0-9a-fA-F]+")) {
      throw field(name, "hex", v);
    }
    return s.toLowerCase(java.util.Locale.ROOT);
  }

  private byte[] base64(String s, String name) throws OciException {
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw field(name, "base64", ServiceHttp.JSON.getNodeFactory().textNode(s));
    }
  }

  private OciException field(String name, String expected, JsonNode found) {
    String f =
        found == null || found.isMissingNode()
            ? "nothing"
            : ServiceHttp.excerpt(found.toString().getBytes(StandardCharsets.UTF_8));
    return ServiceHttp.protocol(
        SERVICE,
        url,
        "the log entry's " + name + " should be " + expected + ", found " + f,
        expected,
        f);
  }

  static String pem(X509Certificate c) {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("a parsed certificate cannot be encoded", e);
    }
  }
}
