package dev.airlock.artefact;

import dev.airlock.internal.Digests;
import dev.airlock.internal.Streams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes artefacts reproducibly: the same manifest, wasm and signature always give the same bytes
 * (canonical manifest JSON, fixed tar header fields, a gzip header without a timestamp).
 *
 * <p>Writing never signs; {@code dev.airlock.trust.ArtefactSigner} produces the signature and calls
 * this writer.
 */
public final class ArtefactWriter {
  private static final byte[] GZIP_HEADER = {
    0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff // deflate, no flags, mtime 0, OS unknown
  };

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
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("deflate level should be 0 to 9, got " + level);
    }
    check(manifest, wasm, signature);
    out.write(GZIP_HEADER);
    CRC32 crc = new CRC32();
    Deflater deflater = new Deflater(level, true);
    long[] size = {0};
    try {
      DeflaterOutputStream deflate =
          new DeflaterOutputStream(Streams.nonClosing(out), deflater, 1 << 16);
      OutputStream counted =
          new OutputStream() {
            @Override
            public void write(int b) throws IOException {
              write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              crc.update(b, off, len);
              size[0] += len;
              deflate.write(b, off, len);
            }
          };
      TarWriter tar = new TarWriter(counted, manifest.packedAt().getEpochSecond());
      tar.entry(ArtefactLayout.MANIFEST, manifest.toJson());
      tar.entry(ArtefactLayout.WASM, wasm);
      if (signature != null) {
        byte[] sig = Base64.getEncoder().encode(signature);
        tar.entry(ArtefactLayout.SIGNATURE, sig);
      }
      tar.finish();
      deflate.finish();
    } finally {
      deflater.end();
    }
    writeLittleEndianInt(out, crc.getValue());
    writeLittleEndianInt(out, size[0]);
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

  private static void writeLittleEndianInt(OutputStream out, long v) throws IOException {
    for (int i = 0; i < 4; i++) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
  }
}
