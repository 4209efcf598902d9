package dev.airlock.oci;

import dev.airlock.artefact.ArtefactStream;
import dev.airlock.artefact.Manifest;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * Writes the cache's copy of an Airlock artefact while its wasm layer streams in: core's {@link
 * ArtefactStream}, stored rather than compressed (deflate level 0: the layers were verified, the
 * signature covers {@code manifest.json}, and compressing 50 MiB costs more than downloading it),
 * and hashed as it is written, so the file is never read back. The caller has checked the parts
 * against each other ({@link ArtefactLayers}) and checks the wasm digest while streaming. Not
 * thread-safe.
 */
final class StoredArtefact implements Closeable {
  private final OutputStream file;
  private final MessageDigest sha = Digest.sha256();
  private final ArtefactStream stream;

  private StoredArtefact(OutputStream file, Manifest manifest, long wasmSize, byte[] signature)
      throws IOException {
    this.file = file;
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
    this.stream =
        ArtefactStream.open(hashed, manifest, wasmSize, signature, Deflater.NO_COMPRESSION);
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
    if (!Arrays.equals(manifestBytes, manifest.toJson())) {
      throw new IllegalArgumentException("manifest.json is not in its canonical form");
    }
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
    try {
      return new StoredArtefact(out, manifest, wasmSize, signature);
    } catch (IOException | RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /**
   * Where the wasm bytes go; writing more than announced fails.
   *
   * @return a stream, not to be closed
   */
  OutputStream wasm() {
    return stream.wasm();
  }

  /**
   * Ends the wasm entry, writes {@code plugin.sig}, the tar end and the gzip trailer.
   *
   * @return the SHA-256 of the whole file
   * @throws IOException when writing fails or fewer wasm bytes came than announced
   */
  Digest finish() throws IOException {
    stream.finish();
    file.flush();
    return new Digest("sha256", java.util.HexFormat.of().formatHex(sha.digest()));
  }

  @Override
  public void close() throws IOException {
    stream.close();
    file.close();
  }
}
