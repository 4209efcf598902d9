package dev.airlock.oci.keyless;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.oci.OciException;
import dev.airlock.signature.PublicKeys;
import dev.airlock.signature.SigningKeys;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Fulcio's {@code POST /api/v2/signingCert}: the identity token, our public key and a proof of
 * possession (our signature over the token's subject) in; a certificate chain out, leaf first, with
 * the SCT embedded. The leaf must certify our key.
 */
final class FulcioClient {
  static final String SERVICE = "Fulcio";
  private static final String PATH = "/api/v2/signingCert";

  private final ServiceHttp http;
  private final URI url;

  FulcioClient(ServiceHttp http, URI base) {
    this.http = http;
    this.url = Endpoints.resolve(base, PATH);
  }

  /** Asks for a certificate for {@code keys.getPublic()}; returns the chain, leaf first. */
  List<X509Certificate> signingCertificate(IdentityToken token, KeyPair keys) throws OciException {
    ObjectNode body = ServiceHttp.JSON.createObjectNode();
    body.putObject("credentials").put("oidcIdentityToken", token.compact());
    ObjectNode request = body.putObject("publicKeyRequest");
    request
        .putObject("publicKey")
        .put("algorithm", "ECDSA")
        .put("content", PublicKeys.toPem(keys.getPublic()));
    request.put(
        "proofOfPossession",
        Base64.getEncoder().encodeToString(SigningKeys.sign(keys.getPrivate(), token.challenge())));
    JsonNode answer = http.post(SERVICE, url, body);
    List<X509Certificate> chain = chain(answer);
    byte[] ours = keys.getPublic().getEncoded();
    byte[] theirs = chain.get(0).getPublicKey().getEncoded();
    if (!Arrays.equals(ours, theirs)) {
      throw ServiceHttp.protocol(
          SERVICE,
          url,
          "the certificate is for another public key: expected "
              + PublicKeys.fingerprint(keys.getPublic())
              + ", found "
              + PublicKeys.fingerprint(chain.get(0).getPublicKey())
              + "; refusing to sign with it",
          PublicKeys.fingerprint(keys.getPublic()),
          PublicKeys.fingerprint(chain.get(0).getPublicKey()));
    }
    return chain;
  }

  private List<X509Certificate> chain(JsonNode answer) throws OciException {
    if (answer.has("signedCertificateDetachedSct")) {
      throw ServiceHttp.protocol(
          SERVICE,
          url,
          "the certificate came with a detached SCT; a Sigstore bundle carries only certificates"
              + " with the SCT embedded (use a Fulcio that embeds SCTs)",
          "signedCertificateEmbeddedSct",
          "signedCertificateDetachedSct");
    }
    JsonNode certs = answer.path("signedCertificateEmbeddedSct").path("chain").path("certificates");
    if (!certs.isArray() || certs.isEmpty()) {
      throw ServiceHttp.protocol(
          SERVICE,
          url,
          "the answer has no signedCertificateEmbeddedSct.chain.certificates: "
              + ServiceHttp.excerpt(answer.toString().getBytes(StandardCharsets.UTF_8)),
          "a certificate chain",
          null);
    }
    List<X509Certificate> out = new ArrayList<>();
    for (int i = 0; i < certs.size(); i++) {
      JsonNode pem = certs.get(i);
      if (!pem.isTextual()) {
        throw ServiceHttp.protocol(
            SERVICE, url, "certificate " + i + " of the chain is not a PEM string", "PEM", null);
      }
      out.add(parse(pem.asText(), i));
    }
    return List.copyOf(out);
  }

  private X509Certificate parse(String pem, int i) throws OciException {
    String b64 =
        pem.replace("-----BEGIN CERTIFICATE-----", "")
            .replace("-----END CERTIFICATE-----", "")
            .replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(b64);
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(der));
    } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
      throw ServiceHttp.protocol(
          SERVICE,
          url,
          "certificate "
              + i
              + " of the chain is not an X.509 certificate in PEM: "
              + e.getMessage(),
          "X.509 PEM",
          null);
    }
  }
}
