package dev.airlock.oci;

import dev.airlock.artefact.Manifest;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes the cache's copy of an Airlock artefact while its wasm layer streams in: the entries
 * {@code ArtefactWriter} writes ({@code manifest.json}, {@code plugin.wasm}, {@code plugin.sig};
 * the same ustar headers, the same gzip header), stored rather than compressed (deflate level 0:
 * the layers were verified, the signature covers {@code manifest.json}, and compressing 50 MiB
 * costs more than downloading it), and hashed as it is written, so the file is never read back. The
 * caller has checked the parts against each other ({@link ArtefactLayers}) and checks the wasm
 * digest while streaming; this class only counts the wasm bytes. Not thread-safe.
 */
final class StoredArtefact implements Closeable {
  private static final byte[] GZIP_HEADER = {
    0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff // as ArtefactWriter: mtime 0, OS unknown
  };
  private static final int BLOCK = 512;

  private final OutputStream file;
  private final MessageDigest sha = Digest.sha256();
  private final Deflater deflater = new Deflater(Deflater.NO_COMPRESSION, true);
  private final DeflaterOutputStream deflate;
  private final CRC32 crc = new CRC32();
  private final long wasmSize;
  private final byte[] signatureText;
  private final long mtime;
  private long size;
  private long wasmWritten;

  private StoredArtefact(OutputStream file, long wasmSize, byte[] signatureText, long mtime) {
    this.file = file;
    this.wasmSize = wasmSize;
    this.signatureText = signatureText;
    this.mtime = mtime;
    OutputStream hashed =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            sha.update(b, off, len);
            file.write(b, off, len);
          }
        };
    this.deflate = new DeflaterOutputStream(hashed, deflater, 1 << 16);
  }

  /**
   * Starts the file: gzip header, the {@code manifest.json} entry and the {@code plugin.wasm}
   * header. The wasm bytes follow through {@link #wasm()}.
   *
   * @param target the file to create (in a staging directory the caller deletes on failure)
   * @param manifest the parsed manifest; {@code manifestBytes} must be its canonical form
   * @param manifestBytes the exact {@code manifest.json} bytes
   * @param wasmSize how many wasm bytes will follow
   * @param signature the decoded 64-byte signature, or {@code null}
   */
  static StoredArtefact open(
      Path target, Manifest manifest, byte[] manifestBytes, long wasmSize, byte[] signature)
      throws IOException {
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
    StoredArtefact a =
        new StoredArtefact(
            out,
            wasmSize,
            signature == null ? null : Base64.getEncoder().encode(signature),
            manifest.packedAt().getEpochSecond());
    try {
      out.write(GZIP_HEADER);
      a.sha.update(GZIP_HEADER);
      a.entry("manifest.json", manifestBytes);
      a.tar(header("plugin.wasm", wasmSize, a.mtime));
    } catch (IOException | RuntimeException e) {
      a.close();
      throw e;
    }
    return a;
  }

  /**
   * Where the wasm bytes go; writing more than announced fails.
   *
   * @return a stream, not to be closed
   */
  OutputStream wasm() {
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
        tar(b, off, len);
      }
    };
  }

  /**
   * Ends the wasm entry, writes {@code plugin.sig}, the tar end and the gzip trailer.
   *
   * @return the SHA-256 of the whole file
   * @throws IOException when writing fails or fewer wasm bytes came than announced
   */
  Digest finish() throws IOException {
    if (wasmWritten != wasmSize) {
      throw new IOException("got " + wasmWritten + " wasm bytes; " + wasmSize + " were announced");
    }
    tar(new byte[padding(wasmSize)]);
    if (signatureText != null) {
      entry("plugin.sig", signatureText);
    }
    tar(new byte[2 * BLOCK]);
    deflate.finish();
    byte[] trailer = new byte[8];
    littleEndian(trailer, 0, crc.getValue());
    littleEndian(trailer, 4, size);
    sha.update(trailer);
    file.write(trailer);
    file.flush();
    return new Digest("sha256", java.util.HexFormat.of().formatHex(sha.digest()));
  }

  @Override
  public void close() throws IOException {
    deflater.end();
    file.close();
  }

  private void entry(String name, byte[] content) throws IOException {
    tar(header(name, content.length, mtime));
    tar(content);
    tar(new byte[padding(content.length)]);
  }

  private void tar(byte[] b) throws IOException {
    tar(b, 0, b.length);
  }

  private void tar(byte[] b, int off, int len) throws IOException {
    crc.update(b, off, len);
    size += len;
    deflate.write(b, off, len);
  }

  private static int padding(long n) {
    return (int) ((BLOCK - n % BLOCK) % BLOCK);
  }

  /** A ustar header with ArtefactWriter's fixed fields: mode 0644, owner 0:0, no names. */
  static byte[] header(String name, long size, long mtime) {
    byte[] h = new byte[BLOCK];
    put(h, 0, name.getBytes(StandardCharsets.US_ASCII));
    octal(h, 100, 8, 0644);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    Arrays.fill(h, 148, 156, (byte) ' ');
    h[156] = '0';
    put(h, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, "00".getBytes(StandardCharsets.US_ASCII));
    octal(h, 329, 8, 0);
    octal(h, 337, 8, 0);
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    octal(h, 148, 7, sum);
    h[155] = ' ';
    return h;
  }

  private static void put(byte[] h, int offset, byte[] value) {
    System.arraycopy(value, 0, h, offset, value.length);
  }

  private static void octal(byte[] h, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    put(
        h,
        offset,
        ("0".repeat(length - 1 - digits.length()) + digits).getBytes(StandardCharsets.US_ASCII));
    h[offset + length - 1] = 0;
  }

  private static void littleEndian(byte[] b, int off, long v) {
    for (int i = 0; i < 4; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }
}
