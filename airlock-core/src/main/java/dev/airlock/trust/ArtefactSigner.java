package dev.airlock.trust;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactWriter;
import dev.airlock.artefact.Manifest;
import dev.airlock.internal.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.Optional;

/**
 * Packs artefacts, signed or not. A signature covers the exact canonical bytes of {@code
 * manifest.json}; since the manifest pins the wasm's SHA-256, it binds the code as well.
 */
public final class ArtefactSigner {
  private ArtefactSigner() {}

  /**
   * Writes an artefact, signed with {@code key} when one is given.
   *
   * @param manifest the manifest; its {@code signature_algorithm} is set to match
   * @param wasm the wasm module, whose SHA-256 the manifest must carry
   * @param key an Ed25519 private key, or {@code null} for an unsigned artefact
   * @param out where to write; not closed
   * @throws IOException when writing fails
   * @throws IllegalArgumentException when the manifest does not match the wasm or the key is not
   *     Ed25519
   */
  public static void pack(Manifest manifest, byte[] wasm, PrivateKey key, OutputStream out)
      throws IOException {
    Manifest m =
        manifest.withSignatureAlgorithm(
            key == null ? Optional.empty() : Optional.of(Manifest.ED25519));
    byte[] signature = key == null ? null : Ed25519Keys.sign(key, m.toJson());
    ArtefactWriter.write(m, wasm, signature, out);
  }

  /**
   * Re-packs an artefact with a new signature by {@code key}; everything else stays.
   *
   * @param artefact a {@code .tar.gz} artefact
   * @param key an Ed25519 private key
   * @param out where to write; not closed
   * @throws IOException when writing fails
   * @throws IllegalArgumentException for a bare wasm artefact (use {@link #signBareWasm})
   */
  public static void resign(Artefact artefact, PrivateKey key, OutputStream out)
      throws IOException {
    if (artefact.format() != Artefact.Format.TAR_GZ) {
      throw new IllegalArgumentException(
          "resign takes a .tar.gz artefact; sign a bare wasm" + " with signBareWasm");
    }
    pack(artefact.manifest(), bytes(artefact.wasm()), key, out);
  }

  /**
   * The {@code .sig} sidecar content for a bare wasm: base64 Ed25519 over the wasm bytes.
   *
   * @param wasm the module bytes
   * @param key an Ed25519 private key
   * @return base64 text followed by a newline
   */
  public static String signBareWasm(byte[] wasm, PrivateKey key) {
    return Base64.getEncoder().encodeToString(Ed25519Keys.sign(key, wasm)) + "\n";
  }

  /**
   * Packs to a file atomically: a reader of {@code target} sees the old file or the whole new one,
   * never a part, and a failure leaves nothing behind.
   *
   * @param manifest the manifest
   * @param wasm the wasm module
   * @param key an Ed25519 private key, or {@code null} for an unsigned artefact
   * @param target the artefact file to create or replace
   * @throws IOException when writing fails
   */
  public static void packTo(Manifest manifest, byte[] wasm, PrivateKey key, Path target)
      throws IOException {
    AtomicFiles.write(target, null, out -> pack(manifest, wasm, key, out));
  }

  /**
   * Re-signs to a file atomically; see {@link #resign}.
   *
   * @param artefact a {@code .tar.gz} artefact
   * @param key an Ed25519 private key
   * @param target the file to create or replace (may be the artefact's own file)
   * @throws IOException when writing fails
   */
  public static void resignTo(Artefact artefact, PrivateKey key, Path target) throws IOException {
    AtomicFiles.write(target, null, out -> resign(artefact, key, out));
  }

  /**
   * Writes a bare wasm's {@code .sig} sidecar atomically.
   *
   * @param wasm the module bytes
   * @param key an Ed25519 private key
   * @param sidecar the signature file
   * @throws IOException when writing fails
   */
  public static void signBareWasmTo(byte[] wasm, PrivateKey key, Path sidecar) throws IOException {
    AtomicFiles.write(
        sidecar, signBareWasm(wasm, key).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.get(b);
    return b;
  }
}
