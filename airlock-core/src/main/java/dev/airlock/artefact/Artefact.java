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
    BARE_WASM,
    /**
     * A {@code .zip} in Artifact Keeper's layout ({@code plugin.toml} and the module) with a {@code
     * <file>.sig} sidecar; the signature covers the exact zip bytes.
     */
    ZIP
  }

  private final Format format;
  private final Manifest manifest;
  private final byte[] manifestBytes;
  private final byte[] wasm;
  private final byte[] signature;
  private final String sha256;
  private final byte[] container;

  Artefact(
      Format format,
      Manifest manifest,
      byte[] manifestBytes,
      byte[] wasm,
      byte[] signature,
      String sha256) {
    this(format, manifest, manifestBytes, wasm, signature, sha256, null);
  }

  /**
   * Creates an artefact.
   *
   * @param container the whole file as read, kept for a format whose signature covers it (a zip);
   *     otherwise {@code null}
   */
  Artefact(
      Format format,
      Manifest manifest,
      byte[] manifestBytes,
      byte[] wasm,
      byte[] signature,
      String sha256,
      byte[] container) {
    this.format = Objects.requireNonNull(format);
    this.manifest = Objects.requireNonNull(manifest);
    this.manifestBytes = Objects.requireNonNull(manifestBytes);
    this.wasm = Objects.requireNonNull(wasm);
    this.signature = signature;
    this.sha256 = Objects.requireNonNull(sha256);
    if ((format == Format.ZIP) != (container != null)) {
      throw new IllegalArgumentException("a zip artefact, and only one, keeps its container bytes");
    }
    this.container = container;
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
   * The parsed manifest. For a bare wasm it comes from its sidecar manifest or the file name, for a
   * zip from {@code plugin.toml}; neither grants anything.
   *
   * @return the manifest
   */
  public Manifest manifest() {
    return manifest;
  }

  /**
   * The exact bytes of {@code manifest.json} (empty for a bare wasm or a zip, which have none).
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
   * bare module, the whole file for a zip.
   *
   * @return a read-only view; no copy is made
   */
  public ByteBuffer signedContent() {
    byte[] signed =
        switch (format) {
          case TAR_GZ -> manifestBytes;
          case BARE_WASM -> wasm;
          case ZIP -> container;
        };
    return ByteBuffer.wrap(signed).asReadOnlyBuffer();
  }

  /**
   * SHA-256 of the artefact file as read (the {@code .tar.gz} or {@code .zip}, or the wasm for a
   * bare module).
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
