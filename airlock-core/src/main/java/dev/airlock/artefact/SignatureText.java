package dev.airlock.artefact;

import dev.airlock.artefact.ArtefactException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The text form of a signature: base64 (standard alphabet, padding) of the 64 Ed25519 bytes, with
 * surrounding whitespace ignored, in {@code plugin.sig} or a {@code .sig} sidecar. Whether the
 * bytes are a valid signature by a trusted key is {@code dev.airlock.trust}'s question.
 */
final class SignatureText {
  private SignatureText() {}

  static byte[] decode(byte[] text, String what) throws ArtefactException {
    String s = new String(text, StandardCharsets.US_ASCII).strip();
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new ArtefactException(
          Reason.SIGNATURE_FORMAT, what + " is not valid base64 (" + e.getMessage() + ")");
    }
  }

  /** Reads and decodes a sidecar, refusing one larger than a signature could be. */
  static byte[] readSidecar(Path sidecar) throws ArtefactException, IOException {
    return decode(readCapped(sidecar), sidecar.getFileName().toString());
  }

  /** The sidecar's bytes, refusing one larger than a signature could be. */
  static byte[] readCapped(Path sidecar) throws ArtefactException, IOException {
    long size = Files.size(sidecar);
    if (size > ArtefactLayout.MAX_SIGNATURE_BYTES) {
      throw new ArtefactException(
          Reason.TOO_LARGE,
          "signature file "
              + sidecar
              + " is "
              + size
              + " bytes; an Ed25519 signature in base64 is 88");
    }
    return Files.readAllBytes(sidecar);
  }
}
