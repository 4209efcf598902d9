package dev.airlock.artefact;

import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.artefact.TarReader.Header;
import dev.airlock.internal.Digests;
import dev.airlock.internal.Text;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads artefacts directly from their bytes, never extracting them: gzip is inflated and the tar
 * parsed in memory, with every size capped before anything is allocated.
 *
 * <p>Checks, in order: the gzip and tar structure (entry types, names, order, sizes), that {@code
 * manifest.json} and {@code plugin.wasm} are present, the manifest (schema version first, then
 * every field), the wasm's SHA-256 against the manifest, the wasm magic number, and the form of
 * {@code plugin.sig}. Whether the signature is trusted is {@code dev.airlock.trust}'s job.
 *
 * <p>Immutable and thread-safe.
 */
public final class ArtefactReader {
  /** The default cap on {@code plugin.wasm}: 64 MiB. */
  public static final int DEFAULT_MAX_WASM_BYTES = 64 * 1024 * 1024;

  private static final int MAX_ENTRIES = ArtefactLayout.ENTRIES.size();

  private final int maxWasmBytes;

  private ArtefactReader(Builder builder) {
    this.maxWasmBytes = builder.maxWasmBytes;
  }

  /**
   * A reader with the default limits.
   *
   * @return a reader
   */
  public static ArtefactReader create() {
    return builder().build();
  }

  /**
   * A builder for a reader with other limits.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a plugin file: a {@code .tar.gz} artefact, or a bare wasm module (recognized by its magic
   * number) with its {@code .sig} sidecar if there is one.
   *
   * @param file the file
   * @return the checked artefact
   * @throws ArtefactException when the file breaks a format rule
   * @throws IOException when the file cannot be read
   */
  public Artefact read(Path file) throws ArtefactException, IOException {
    byte[] head = new byte[4];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 4);
    }
    if (n == 4 && WasmMagic.hasMagic(head)) {
      return readBareWasm(file, null);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return readTarGz(in);
    }
  }

  /**
   * Reads a {@code .tar.gz} artefact from a stream. The stream is read to its end, so trailing data
   * is noticed; it is not closed.
   *
   * @param in the artefact bytes
   * @return the checked artefact
   * @throws ArtefactException when the bytes break a format rule
   * @throws IOException when reading fails
   */
  public Artefact readTarGz(InputStream in) throws ArtefactException, IOException {
    MessageDigest fileDigest = Digests.sha256();
    byte[][] entries = new byte[MAX_ENTRIES][];
    try (GzipInput gzip = new GzipInput(in, fileDigest)) {
      TarReader tar = new TarReader(gzip);
      int count = 0;
      int last = -1;
      Header header;
      while ((header = tar.next()) != null) {
        if (++count > MAX_ENTRIES) {
          throw layout(
              "artefact has more than "
                  + MAX_ENTRIES
                  + " entries; only "
                  + String.join(", ", ArtefactLayout.ENTRIES)
                  + " are allowed");
        }
        EntryRules.checkType(header);
        int index = EntryRules.entryIndex(header.name());
        if (entries[index] != null) {
          throw layout("artefact has entry " + Text.quote(header.name()) + " twice");
        }
        if (index < last) {
          throw layout(
              "artefact entries are out of order: "
                  + Text.quote(header.name())
                  + " comes after "
                  + Text.quote(ArtefactLayout.ENTRIES.get(last))
                  + "; expected "
                  + String.join(", ", ArtefactLayout.ENTRIES)
                  + " in that order");
        }
        last = index;
        checkSize(index, header.size());
        entries[index] = tar.content(header);
      }
      tar.finish();
      gzip.read(new byte[1], 0, 1); // reaches and checks the gzip trailer and end of file
    }
    return assemble(entries, Digests.hex(fileDigest.digest()));
  }

  /**
   * Reads a bare wasm module and its signature sidecar. The sidecar holds base64 Ed25519 over the
   * wasm bytes. A bare module never carries permissions: its manifest is derived from the file name
   * (version {@code 0.0.0}, no hooks named, nothing granted).
   *
   * @param wasmFile the {@code .wasm} file; its stem must be a valid plugin name
   * @param signatureFile the signature, or {@code null} for the sidecar convention ({@code
   *     name.wasm} → {@code name.sig}), which may be absent
   * @return the checked artefact
   * @throws ArtefactException when the module or signature breaks a format rule
   * @throws IOException when a file cannot be read
   */
  public Artefact readBareWasm(Path wasmFile, Path signatureFile)
      throws ArtefactException, IOException {
    long size = Files.size(wasmFile);
    if (size > maxWasmBytes) {
      throw wasmTooLarge(size);
    }
    byte[] wasm = Files.readAllBytes(wasmFile);
    checkWasm(wasm);
    String fileName = wasmFile.getFileName().toString();
    String stem =
        fileName.endsWith(".wasm") ? fileName.substring(0, fileName.length() - 5) : fileName;
    Path sidecar = signatureFile != null ? signatureFile : wasmFile.resolveSibling(stem + ".sig");
    byte[] signature = null;
    if (signatureFile != null || Files.exists(sidecar)) {
      if (Files.size(sidecar) > ArtefactLayout.MAX_SIGNATURE_BYTES) {
        throw new ArtefactException(
            Reason.TOO_LARGE,
            "signature file "
                + sidecar
                + " is "
                + Files.size(sidecar)
                + " bytes; an Ed25519 signature in base64 is 88");
      }
      signature = decodeSignature(Files.readAllBytes(sidecar), sidecar.getFileName().toString());
    }
    Manifest manifest;
    try {
      manifest =
          new Manifest(
              Manifest.SCHEMA_VERSION,
              Manifest.checkName(stem),
              new SemanticVersion(0, 0, 0, "", ""),
              "",
              "",
              java.util.List.of(),
              Digests.sha256Hex(wasm),
              Optional.empty(),
              Permissions.NONE,
              signature == null ? Optional.empty() : Optional.of(Manifest.ED25519),
              Instant.EPOCH);
    } catch (IllegalArgumentException e) {
      throw new ArtefactException(
          Reason.MANIFEST,
          "bare wasm file "
              + Text.quote(fileName)
              + " does not give a valid plugin name: "
              + e.getMessage());
    }
    return new Artefact(
        Artefact.Format.BARE_WASM, manifest, new byte[0], wasm, signature, manifest.wasmSha256());
  }

  private Artefact assemble(byte[][] entries, String fileSha256) throws ArtefactException {
    byte[] manifestBytes = entries[0];
    byte[] wasm = entries[1];
    if (manifestBytes == null) {
      throw layout("artefact missing manifest.json");
    }
    if (wasm == null) {
      throw layout("artefact missing plugin.wasm");
    }
    Manifest manifest = ManifestParser.parse(manifestBytes);
    String actual = Digests.sha256Hex(wasm);
    if (!actual.equals(manifest.wasmSha256())) {
      throw new ArtefactException(
          Reason.DIGEST_MISMATCH,
          "wasm sha256 mismatch: manifest claims " + manifest.wasmSha256() + ", actual " + actual,
          manifest.wasmSha256(),
          actual,
          null);
    }
    checkWasm(wasm);
    byte[] signature = entries[2] == null ? null : decodeSignature(entries[2], "plugin.sig");
    if (signature != null && manifest.signatureAlgorithm().isEmpty()) {
      throw sigFormat(
          "artefact has plugin.sig but its manifest's signature_algorithm is null;"
              + " re-sign it with 'airlock sign'");
    }
    if (signature == null && manifest.signatureAlgorithm().isPresent()) {
      throw sigFormat(
          "artefact manifest says signature_algorithm "
              + manifest.signatureAlgorithm().get()
              + " but there is no plugin.sig"
              + " (was the signature removed?)");
    }
    return new Artefact(
        Artefact.Format.TAR_GZ, manifest, manifestBytes, wasm, signature, fileSha256);
  }

  private void checkSize(int index, long size) throws ArtefactException {
    switch (index) {
      case 0 -> {
        if (size > ManifestParser.MAX_BYTES) {
          throw ManifestParser.tooLarge(size);
        }
      }
      case 1 -> {
        if (size > maxWasmBytes) {
          throw wasmTooLarge(size);
        }
      }
      default -> {
        if (size > ArtefactLayout.MAX_SIGNATURE_BYTES) {
          throw new ArtefactException(
              Reason.TOO_LARGE,
              "artefact plugin.sig is " + size + " bytes; an Ed25519 signature in base64 is 88");
        }
      }
    }
  }

  private ArtefactException wasmTooLarge(long size) {
    return new ArtefactException(
        Reason.TOO_LARGE,
        "artefact plugin.wasm is "
            + size
            + " bytes, over the limit of "
            + maxWasmBytes
            + " bytes (raise the wasm size limit to"
            + " accept it)",
        String.valueOf(maxWasmBytes),
        String.valueOf(size),
        null);
  }

  private static void checkWasm(byte[] wasm) throws ArtefactException {
    if (!WasmMagic.hasMagic(wasm)) {
      throw new ArtefactException(
          Reason.NOT_WASM,
          "artefact plugin.wasm has bad magic number",
          "00 61 73 6d",
          wasm.length < 4
              ? "(" + wasm.length + " bytes)"
              : Digests.hex(java.util.Arrays.copyOf(wasm, 4)),
          null);
    }
    if (!WasmMagic.isWasm(wasm)) {
      throw new ArtefactException(
          Reason.NOT_WASM,
          "artefact plugin.wasm has an unsupported WebAssembly version; expected 1 (01 00 00 00)");
    }
  }

  private static byte[] decodeSignature(byte[] text, String what) throws ArtefactException {
    String s = new String(text, java.nio.charset.StandardCharsets.US_ASCII).strip();
    try {
      return java.util.Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw sigFormat(what + " is not valid base64 (" + e.getMessage() + ")");
    }
  }

  private static ArtefactException layout(String message) {
    return new ArtefactException(Reason.LAYOUT, message);
  }

  private static ArtefactException sigFormat(String message) {
    return new ArtefactException(Reason.SIGNATURE_FORMAT, message);
  }

  /** Builds an {@link ArtefactReader}. Not thread-safe. */
  public static final class Builder {
    private int maxWasmBytes = DEFAULT_MAX_WASM_BYTES;

    private Builder() {}

    /**
     * The largest {@code plugin.wasm} accepted.
     *
     * @param bytes the cap, at least 8
     * @return this builder
     * @throws IllegalArgumentException when {@code bytes} is below 8
     */
    public Builder maxWasmBytes(int bytes) {
      if (bytes < 8) {
        throw new IllegalArgumentException("maxWasmBytes should be at least 8, got " + bytes);
      }
      this.maxWasmBytes = bytes;
      return this;
    }

    /**
     * Builds the reader.
     *
     * @return the reader
     */
    public ArtefactReader build() {
      return new ArtefactReader(this);
    }
  }
}
