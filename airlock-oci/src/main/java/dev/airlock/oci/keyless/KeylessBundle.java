package dev.airlock.oci.keyless;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.signature.SigstoreBundle;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Sigstore v0.3 bundle of a keyless message signature: the leaf certificate, the Rekor entry
 * (promise and proof, converted from Rekor's hex to the bundle's base64), and the signature over
 * the artifact's sha256.
 */
final class KeylessBundle {
  private KeylessBundle() {}

  static byte[] json(X509Certificate leaf, RekorEntry e, byte[] sha256, byte[] signature) {
    Base64.Encoder b64 = Base64.getEncoder();
    HexFormat hex = HexFormat.of();
    ObjectNode root = ServiceHttp.JSON.createObjectNode();
    root.put("mediaType", SigstoreBundle.MEDIA_TYPE);
    ObjectNode material = root.putObject("verificationMaterial");
    try {
      material.putObject("certificate").put("rawBytes", b64.encodeToString(leaf.getEncoded()));
    } catch (CertificateEncodingException ex) {
      throw new IllegalStateException("a parsed certificate cannot be encoded", ex);
    }
    ObjectNode t = material.putArray("tlogEntries").addObject();
    t.put("logIndex", Long.toString(e.logIndex()));
    t.putObject("logId").put("keyId", b64.encodeToString(hex.parseHex(e.logIdHex())));
    t.putObject("kindVersion").put("kind", "hashedrekord").put("version", "0.0.1");
    t.put("integratedTime", Long.toString(e.integratedTime()));
    t.putObject("inclusionPromise").put("signedEntryTimestamp", e.signedEntryTimestamp());
    ObjectNode p = t.putObject("inclusionProof");
    p.put("logIndex", Long.toString(e.proof().logIndex()));
    p.put("rootHash", b64.encodeToString(hex.parseHex(e.proof().rootHashHex())));
    p.put("treeSize", Long.toString(e.proof().treeSize()));
    ArrayNode hashes = p.putArray("hashes");
    e.proof().hashesHex().forEach(h -> hashes.add(b64.encodeToString(hex.parseHex(h))));
    p.putObject("checkpoint").put("envelope", e.proof().checkpoint());
    t.put("canonicalizedBody", e.bodyBase64());
    ObjectNode ms = root.putObject("messageSignature");
    ms.putObject("messageDigest")
        .put("algorithm", "SHA2_256")
        .put("digest", b64.encodeToString(sha256));
    ms.put("signature", b64.encodeToString(signature));
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }
}
