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

/**
 * Reads plugins directly from their bytes, never extracting them, with every size capped before
 * anything is allocated. Three forms are read:
 *
 * <ul>
 *   <li>a {@code .tar.gz} artefact ({@link #readTarGz}): gzip inflated and the tar parsed in
 *       memory. Checks, in order: the gzip and tar structure (entry types, names, order, sizes),
 *       that {@code manifest.json} and {@code plugin.wasm} are present, the manifest (schema
 *       version first, then every field), the wasm's SHA-256 against the manifest, the wasm magic
 *       number, and the form of {@code plugin.sig};
 *   <li>a bare {@code .wasm} ({@link #readBareWasm}) with an optional {@code .sig} sidecar and an
 *       optional sidecar manifest ({@code .json}, {@code .yaml}/{@code .yml} or {@code .toml}),
 *       which describes the module but never grants permissions;
 *   <li>a {@code .zip} in Artifact Keeper's layout ({@link #readZip(Path, Path)}): {@code
 *       plugin.toml} and the module, read from the archive's central directory with the same
 *       strictness as the tar reader, and a {@code <file>.sig} sidecar over the zip bytes.
 * </ul>
 *
 * <p>Whether a signature is trusted is {@code dev.airlock.trust}'s job.
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
   * Reads a plugin file, recognized by its first bytes: a bare wasm module ({@code \0asm}, see
   * {@link #readBareWasm}), a zip ({@code PK\3\4}, or {@code PK\5\6} for an empty one; see {@link
   * #readZip(Path, Path)}), otherwise a {@code .tar.gz} artefact. Sidecars are found by the naming
   * conventions of each form.
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
    if (n == 4
        && head[0] == 'P'
        && head[1] == 'K'
        && (head[2] == 3 && head[3] == 4 || head[2] == 5 && head[3] == 6)) {
      return readZip(file, null);
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
   * Reads a bare wasm module and its sidecars. The {@code .sig} sidecar holds base64 Ed25519 over
   * the wasm bytes. An optional sidecar manifest beside it, {@code name.json}, {@code name.yaml},
   * {@code name.yml} or {@code name.toml} (more than one is refused), may give {@code name} (equal
   * to the file stem), {@code version}, {@code description}, {@code license}, {@code author},
   * {@code homepage}, {@code hooks}, {@code abi} and {@code config_schema}; it is not signed, so it
   * may never ask for permissions, and any other field is refused. Without one the manifest is
   * derived from the file name: version {@code 0.0.0}, no hooks named. A bare module is never
   * granted anything.
   *
   * @param wasmFile the {@code .wasm} file; its stem must be a valid plugin name
   * @param signatureFile the signature, or {@code null} for the sidecar convention ({@code
   *     name.wasm} → {@code name.sig}), which may be absent
   * @return the checked artefact
   * @throws ArtefactException when the module, a sidecar manifest or the signature breaks a format
   *     rule
   * @throws IOException when a file cannot be read
   */
  public Artefact readBareWasm(Path wasmFile, Path signatureFile)
      throws ArtefactException, IOException {
    return BareWasmReader.read(wasmFile, signatureFile, maxWasmBytes);
  }

  /**
   * Reads a plugin {@code .zip} in Artifact Keeper's layout: {@code plugin.toml} at the root and
   * one wasm module, found by the search order in {@code docs/artefact-format.md}. The archive is
   * read whole into memory (capped at the wasm limit plus 5 MiB) and parsed from its central
   * directory; links, devices, absolute or escaping paths, duplicate or case-aliased names,
   * encryption, ZIP64, hidden or overlapping data and zip bombs are refused. The manifest is
   * synthesized from {@code plugin.toml}: its requirements become limits, never grants.
   *
   * @param zipFile the {@code .zip} file
   * @param signatureFile the signature, or {@code null} for the sidecar convention ({@code x.zip} →
   *     {@code x.zip.sig}), which may be absent; base64 Ed25519 over the zip bytes
   * @return the checked artefact, of format {@link Artefact.Format#ZIP}
   * @throws ArtefactException when the zip, {@code plugin.toml}, the module or the signature breaks
   *     a format rule
   * @throws IOException when a file cannot be read
   */
  public Artefact readZip(Path zipFile, Path signatureFile) throws ArtefactException, IOException {
    ZipArtefactReader.checkZipSize(Files.size(zipFile), maxWasmBytes);
    Path sidecar =
        signatureFile != null
            ? signatureFile
            : zipFile.resolveSibling(zipFile.getFileName() + ".sig");
    byte[] signature = null;
    if (signatureFile != null || Files.exists(sidecar)) {
      signature = SignatureText.readCapped(sidecar);
    }
    return ZipArtefactReader.read(
        Files.readAllBytes(zipFile), signature, sidecar.getFileName().toString(), maxWasmBytes);
  }

  /**
   * Reads a plugin {@code .zip} from memory; see {@link #readZip(Path, Path)}.
   *
   * @param zip the zip bytes; copied, so later changes to the array cannot change what was checked
   * @param signatureText the content of the {@code .sig} sidecar (base64 Ed25519 over {@code zip}),
   *     or {@code null} when unsigned
   * @return the checked artefact, of format {@link Artefact.Format#ZIP}
   * @throws ArtefactException when the zip, {@code plugin.toml}, the module or the signature breaks
   *     a format rule
   */
  public Artefact readZip(byte[] zip, byte[] signatureText) throws ArtefactException {
    return ZipArtefactReader.read(zip.clone(), signatureText, "zip signature", maxWasmBytes);
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
    WasmMagic.check(wasm, "artefact plugin.wasm");
    byte[] signature = entries[2] == null ? null : SignatureText.decode(entries[2], "plugin.sig");
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
