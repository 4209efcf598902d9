package dev.airlock.artefact;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * A plugin read from disk and checked for structure: its manifest, the exact manifest bytes, the
 * wasm module and the signature, if any. Whether the signature is trusted is decided later, by
 * {@code dev.airlock.trust}.
 *
 * <p>Immutable: accessors return copies or read-only views.
 */
public final class Artefact {
  /** How the plugin was shipped. */
  public enum Format {
    /** A {@code .tar.gz} artefact; the signature covers {@code manifest.json}. */
    TAR_GZ,
    /** A bare {@code .wasm} with a {@code .sig} sidecar; the signature covers the wasm bytes. */
    BARE_WASM
  }

  private final Format format;
  private final Manifest manifest;
  private final byte[] manifestBytes;
  private final byte[] wasm;
  private final byte[] signature;
  private final String sha256;

  Artefact(
      Format format,
      Manifest manifest,
      byte[] manifestBytes,
      byte[] wasm,
      byte[] signature,
      String sha256) {
    this.format = Objects.requireNonNull(format);
    this.manifest = Objects.requireNonNull(manifest);
    this.manifestBytes = Objects.requireNonNull(manifestBytes);
    this.wasm = Objects.requireNonNull(wasm);
    this.signature = signature;
    this.sha256 = Objects.requireNonNull(sha256);
  }

  /**
   * How the plugin was shipped.
   *
   * @return the format
   */
  public Format format() {
    return format;
  }

  /**
   * The parsed manifest. For a bare wasm it is derived from the file name and grants nothing.
   *
   * @return the manifest
   */
  public Manifest manifest() {
    return manifest;
  }

  /**
   * The exact bytes of {@code manifest.json} (empty for a bare wasm).
   *
   * @return a copy of the bytes
   */
  public byte[] manifestBytes() {
    return manifestBytes.clone();
  }

  /**
   * The wasm module.
   *
   * @return a read-only view; no copy is made
   */
  public ByteBuffer wasm() {
    return ByteBuffer.wrap(wasm).asReadOnlyBuffer();
  }

  /**
   * The size of the wasm module.
   *
   * @return bytes
   */
  public int wasmSize() {
    return wasm.length;
  }

  /**
   * The decoded signature bytes, when the artefact is signed.
   *
   * @return a copy of the signature, or empty
   */
  public Optional<byte[]> signature() {
    return Optional.ofNullable(signature).map(byte[]::clone);
  }

  /**
   * The bytes the signature covers: {@code manifest.json} for a {@code .tar.gz}, the wasm for a
   * bare module.
   *
   * @return a read-only view
   */
  public ByteBuffer signedContent() {
    return ByteBuffer.wrap(format == Format.TAR_GZ ? manifestBytes : wasm).asReadOnlyBuffer();
  }

  /**
   * SHA-256 of the artefact file as read (the {@code .tar.gz}, or the wasm for a bare module).
   *
   * @return 64 lowercase hex characters
   */
  public String sha256() {
    return sha256;
  }

  /**
   * Whether a signature is present (not whether it is valid).
   *
   * @return true when signed
   */
  public boolean isSigned() {
    return signature != null;
  }
}
