package dev.airlock.artefact;

import dev.airlock.internal.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * Writes artefacts reproducibly: the same manifest, wasm and signature always give the same bytes
 * (canonical manifest JSON, fixed tar header fields, a gzip header without a timestamp).
 *
 * <p>Writing never signs; {@code dev.airlock.trust.ArtefactSigner} produces the signature and calls
 * this writer.
 */
public final class ArtefactWriter {
  private ArtefactWriter() {}

  /**
   * Writes an artefact to {@code out}.
   *
   * @param manifest the manifest; its {@code wasm_sha256} must match {@code wasm} and its {@code
   *     signature_algorithm} must be set exactly when {@code signature} is given
   * @param wasm the wasm module
   * @param signature the 64-byte Ed25519 signature over {@code manifest.toJson()}, or {@code null}
   *     for an unsigned artefact
   * @param out where to write; not closed
   * @throws IOException when writing fails
   * @throws IllegalArgumentException when the parts do not agree with each other
   */
  public static void write(Manifest manifest, byte[] wasm, byte[] signature, OutputStream out)
      throws IOException {
    write(manifest, wasm, signature, out, Deflater.BEST_COMPRESSION);
  }

  /**
   * Writes an artefact with another deflate level: the same entries, so the same manifest bytes and
   * signature, in a file that is faster to write (level 0 stores). Only level 9, {@link
   * #write(Manifest, byte[], byte[], OutputStream)}, gives the canonical bytes; a cache that
   * rebuilds artefacts it already verified uses a lower level.
   *
   * @param manifest the manifest
   * @param wasm the wasm module
   * @param signature the signature, or {@code null}
   * @param out where to write; not closed
   * @param level the deflate level, 0 to 9
   * @throws IOException when writing fails
   * @throws IllegalArgumentException when the parts do not agree or the level is out of range
   */
  public static void write(
      Manifest manifest, byte[] wasm, byte[] signature, OutputStream out, int level)
      throws IOException {
    check(manifest, wasm, signature);
    try (ArtefactStream s = ArtefactStream.open(out, manifest, wasm.length, signature, level)) {
      s.wasm().write(wasm);
      s.finish();
    }
  }

  /**
   * Writes an artefact into a byte array.
   *
   * @param manifest the manifest
   * @param wasm the wasm module
   * @param signature the signature, or {@code null}
   * @return the artefact bytes
   * @throws IllegalArgumentException when the parts do not agree with each other
   */
  public static byte[] toBytes(Manifest manifest, byte[] wasm, byte[] signature) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(wasm.length / 2 + 1024);
    try {
      write(manifest, wasm, signature, out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e); // a byte array never fails
    }
    return out.toByteArray();
  }

  /**
   * The conventional file name, {@code <name>-<version>.tar.gz}.
   *
   * @param manifest the manifest
   * @return the file name
   */
  public static String fileName(Manifest manifest) {
    return manifest.name() + "-" + manifest.version() + ".tar.gz";
  }

  private static void check(Manifest manifest, byte[] wasm, byte[] signature) {
    String actual = Digests.sha256Hex(wasm);
    if (!actual.equals(manifest.wasmSha256())) {
      throw new IllegalArgumentException(
          "manifest wasm_sha256 "
              + manifest.wasmSha256()
              + " does not match the wasm, whose sha256 is "
              + actual);
    }
    if (!WasmMagic.isWasm(wasm)) {
      throw new IllegalArgumentException(
          "wasm does not start with the WebAssembly magic number"
              + " and version 1 (00 61 73 6d 01 00 00 00)");
    }
    checkParts(manifest, signature);
  }

  /** The checks that need no module bytes: hooks, signature against manifest, name length. */
  static void checkParts(Manifest manifest, byte[] signature) {
    if (manifest.hooks().isEmpty()) {
      // Readers refuse such a manifest, so the writer must not produce one.
      throw new IllegalArgumentException("manifest should name at least one hook");
    }
    if ((signature != null) != manifest.signatureAlgorithm().isPresent()) {
      throw new IllegalArgumentException(
          signature != null
              ? "a signature was given but the manifest's signature_algorithm is null"
              : "the manifest's signature_algorithm is set but no signature was given");
    }
    if (signature != null && signature.length != 64) {
      throw new IllegalArgumentException("signature should be 64 bytes, got " + signature.length);
    }
    if (manifest.name().getBytes(StandardCharsets.US_ASCII).length > 128) {
      throw new IllegalArgumentException("plugin name too long");
    }
  }
}
