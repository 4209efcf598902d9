package dev.airlock.artefact;

import dev.airlock.internal.Streams;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes an artefact whose module arrives as a stream, in exactly the bytes {@link ArtefactWriter}
 * gives for the same parts and deflate level ({@code manifest.json}, {@code plugin.wasm}, {@code
 * plugin.sig}; fixed tar headers; a gzip header without a timestamp). Open it, write the module's
 * bytes to {@link #wasm()}, then {@link #finish()}.
 *
 * <p>Unlike {@link ArtefactWriter}, it cannot check the module against the manifest's {@code
 * wasm_sha256} before writing: the caller checks the digest as the bytes stream (and deletes the
 * file when it does not match). Not thread-safe.
 */
public final class ArtefactStream implements Closeable {
  private static final byte[] GZIP_HEADER = {
    0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff // deflate, no flags, mtime 0, OS unknown
  };

  private final OutputStream out;
  private final Deflater deflater;
  private final DeflaterOutputStream deflate;
  private final CRC32 crc = new CRC32();
  private final TarWriter tar;
  private final long wasmSize;
  private final byte[] signature;
  private long size;
  private long wasmWritten;

  private ArtefactStream(OutputStream out, int level, long mtime, long wasmSize, byte[] signature) {
    this.out = out;
    this.deflater = new Deflater(level, true);
    this.deflate = new DeflaterOutputStream(Streams.nonClosing(out), deflater, 1 << 16);
    this.wasmSize = wasmSize;
    this.signature = signature;
    OutputStream counted =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            crc.update(b, off, len);
            size += len;
            deflate.write(b, off, len);
          }
        };
    this.tar = new TarWriter(counted, mtime);
  }

  /**
   * Starts an artefact: the gzip header, the {@code manifest.json} entry and the {@code
   * plugin.wasm} header.
   *
   * @param out where to write; not closed
   * @param manifest the manifest; its {@code signature_algorithm} must be set exactly when {@code
   *     signature} is given
   * @param wasmSize how many module bytes will follow
   * @param signature the 64-byte signature over {@code manifest.toJson()}, or {@code null}
   * @param level the deflate level, 0 to 9 (9 gives the canonical bytes)
   * @return the writer, ready for the module's bytes
   * @throws IOException when writing fails
   * @throws IllegalArgumentException when the parts do not agree or the level is out of range
   */
  public static ArtefactStream open(
      OutputStream out, Manifest manifest, long wasmSize, byte[] signature, int level)
      throws IOException {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("deflate level should be 0 to 9, got " + level);
    }
    ArtefactWriter.checkParts(manifest, signature);
    ArtefactStream s =
        new ArtefactStream(out, level, manifest.packedAt().getEpochSecond(), wasmSize, signature);
    try {
      out.write(GZIP_HEADER);
      s.tar.entry(ArtefactLayout.MANIFEST, manifest.toJson());
      s.tar.begin(ArtefactLayout.WASM, wasmSize);
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /**
   * Where the module's bytes go; writing more than announced fails.
   *
   * @return a stream, not to be closed
   */
  public OutputStream wasm() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (wasmWritten + len > wasmSize) {
          throw new IOException("more wasm bytes than the " + wasmSize + " announced");
        }
        wasmWritten += len;
        crc.update(b, off, len);
        size += len;
        deflate.write(b, off, len);
      }
    };
  }

  /**
   * Ends the module's entry, writes {@code plugin.sig}, the tar end and the gzip trailer. Does not
   * close the output.
   *
   * @throws IOException when writing fails or fewer module bytes came than announced
   */
  public void finish() throws IOException {
    if (wasmWritten != wasmSize) {
      throw new IOException("got " + wasmWritten + " wasm bytes; " + wasmSize + " were announced");
    }
    tar.end(wasmSize);
    if (signature != null) {
      tar.entry(ArtefactLayout.SIGNATURE, Base64.getEncoder().encode(signature));
    }
    tar.finish();
    deflate.finish();
    for (long v : new long[] {crc.getValue(), size}) {
      for (int i = 0; i < 4; i++) {
        out.write((int) (v >>> (8 * i)) & 0xff);
      }
    }
  }

  /** Frees the compressor; the output stays open. */
  @Override
  public void close() {
    deflater.end();
  }
}
