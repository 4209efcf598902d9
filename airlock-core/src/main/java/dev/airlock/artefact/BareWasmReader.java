package dev.airlock.artefact;

import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.internal.Digests;
import dev.airlock.internal.Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads a bare {@code name.wasm} with its sidecars: {@code name.sig} (base64 Ed25519 over the wasm
 * bytes) and at most one sidecar manifest ({@link SidecarManifest}). Without a sidecar manifest the
 * manifest is derived from the file name: version {@code 0.0.0}, no hooks, nothing granted.
 */
final class BareWasmReader {
  private BareWasmReader() {}

  static Artefact read(Path wasmFile, Path signatureFile, int maxWasmBytes)
      throws ArtefactException, IOException {
    long size = Files.size(wasmFile);
    if (size > maxWasmBytes) {
      throw new ArtefactException(
          Reason.TOO_LARGE,
          "artefact plugin.wasm is "
              + size
              + " bytes, over the limit of "
              + maxWasmBytes
              + " bytes (raise the wasm size limit to accept it)",
          String.valueOf(maxWasmBytes),
          String.valueOf(size),
          null);
    }
    byte[] wasm = Files.readAllBytes(wasmFile);
    WasmMagic.check(wasm, "artefact plugin.wasm");
    String fileName = wasmFile.getFileName().toString();
    String stem =
        fileName.endsWith(".wasm") ? fileName.substring(0, fileName.length() - 5) : fileName;
    try {
      Manifest.checkName(stem);
    } catch (IllegalArgumentException e) {
      throw new ArtefactException(
          Reason.MANIFEST,
          "bare wasm file "
              + Text.quote(fileName)
              + " does not give a valid plugin name: "
              + e.getMessage());
    }
    Path sidecar = signatureFile != null ? signatureFile : wasmFile.resolveSibling(stem + ".sig");
    byte[] signature = null;
    if (signatureFile != null || Files.exists(sidecar)) {
      signature = SignatureText.readSidecar(sidecar);
    }
    String sha256 = Digests.sha256Hex(wasm);
    Optional<Path> manifestFile = SidecarManifest.find(wasmFile, stem);
    Manifest manifest =
        manifestFile.isPresent()
            ? SidecarManifest.read(manifestFile.get(), stem, sha256, signature != null)
            : derived(stem, sha256, signature != null);
    return new Artefact(Artefact.Format.BARE_WASM, manifest, new byte[0], wasm, signature, sha256);
  }

  private static Manifest derived(String name, String sha256, boolean signed) {
    return new Manifest(
        Manifest.SCHEMA_VERSION,
        name,
        new SemanticVersion(0, 0, 0, "", ""),
        "",
        "",
        List.of(),
        sha256,
        Optional.empty(),
        Permissions.NONE,
        signed ? Optional.of(Manifest.ED25519) : Optional.empty(),
        Instant.EPOCH);
  }
}
