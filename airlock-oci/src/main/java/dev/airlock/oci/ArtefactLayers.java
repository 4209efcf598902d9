package dev.airlock.oci;

import dev.airlock.artefact.ArtefactException;
import dev.airlock.artefact.Manifest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Checks Airlock's own layers against each other before the wasm layer is downloaded: what {@code
 * ArtefactReader} would refuse in the {@code .tar.gz} rebuilt from them is refused here, with the
 * same words, so the cache's copy can be written while the wasm streams in and is never read back.
 * The wasm's own bytes are checked as they arrive (its layer digest, and the manifest's {@code
 * wasm_sha256}).
 */
final class ArtefactLayers {
  /** Larger than any manifest.json {@code ArtefactReader} accepts (64 KiB). */
  static final long MAX_MANIFEST_BYTES = 64 * 1024;

  /** Larger than any plugin.sig {@code ArtefactReader} accepts (1 KiB). */
  static final long MAX_SIGNATURE_BYTES = 1024;

  /**
   * The checked parts.
   *
   * @param manifest the parsed manifest
   * @param manifestBytes its exact (canonical) bytes
   * @param signature the decoded signature, or {@code null}
   */
  record Parts(Manifest manifest, byte[] manifestBytes, byte[] signature) {}

  private ArtefactLayers() {}

  /**
   * Checks the parts.
   *
   * @param manifestBytes the {@code manifest.json} layer
   * @param signatureText the {@code plugin.sig} layer (base64), or {@code null}
   * @param wasm the wasm layer's descriptor
   * @param maxWasmBytes the wasm size limit
   * @param where the reference, for messages
   */
  static Parts check(
      byte[] manifestBytes, byte[] signatureText, Descriptor wasm, int maxWasmBytes, String where)
      throws OciException {
    byte[] sig = null;
    if (signatureText != null) {
      try {
        sig =
            Base64.getDecoder()
                .decode(new String(signatureText, StandardCharsets.US_ASCII).strip());
      } catch (IllegalArgumentException e) {
        throw new OciException(
            OciException.Kind.PROTOCOL,
            where + ": the plugin.sig layer is not base64",
            null,
            null,
            e);
      }
    }
    Manifest m;
    try {
      m = Manifest.parse(manifestBytes);
    } catch (ArtefactException | IllegalArgumentException e) {
      throw invalid(where, e.getMessage(), e);
    }
    if (!Arrays.equals(m.toJson(), manifestBytes)) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          where
              + ": the manifest.json layer is not in canonical form, so its signature could not"
              + " be carried over; re-push it with 'airlock push'");
    }
    if (wasm.size() > maxWasmBytes) {
      throw new OciException(
          OciException.Kind.PROTOCOL,
          where
              + ": the wasm module is "
              + wasm.size()
              + " bytes; at most "
              + maxWasmBytes
              + " allowed");
    }
    if (wasm.digest().algorithm().equals("sha256") && !wasm.digest().hex().equals(m.wasmSha256())) {
      throw invalid(
          where,
          "wasm sha256 mismatch: manifest claims "
              + m.wasmSha256()
              + ", actual "
              + wasm.digest().hex(),
          null);
    }
    if ((sig != null) != m.signatureAlgorithm().isPresent()) {
      throw invalid(
          where,
          sig != null
              ? "a signature was given but the manifest's signature_algorithm is null"
              : "the manifest's signature_algorithm is set but no signature was given",
          null);
    }
    if (sig != null && sig.length != 64) {
      throw invalid(where, "signature should be 64 bytes, got " + sig.length, null);
    }
    return new Parts(m, manifestBytes, sig);
  }

  static OciException invalid(String where, String why, Exception cause) {
    return new OciException(
        OciException.Kind.PROTOCOL,
        where + ": its Airlock layers do not form a valid artefact: " + why,
        null,
        null,
        cause);
  }
}
