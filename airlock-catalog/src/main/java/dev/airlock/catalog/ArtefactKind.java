package dev.airlock.catalog;

import dev.airlock.catalog.CatalogException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The three plugin forms, told apart by their first bytes, and the file names each one uses. */
enum ArtefactKind {
  TAR_GZ(".tar.gz"),
  ZIP(".zip"),
  WASM(".wasm");

  private final String extension;

  ArtefactKind(String extension) {
    this.extension = extension;
  }

  String fileName(String plugin) {
    return plugin + extension;
  }

  /** The signature sidecar's name: {@code x.zip.sig} for a zip, {@code x.sig} for a wasm. */
  String signatureName(String plugin) {
    return this == ZIP ? plugin + ".zip.sig" : plugin + ".sig";
  }

  static ArtefactKind detect(Path file, String what) throws CatalogException, IOException {
    byte[] head = new byte[4];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 4);
    }
    if (n == 4 && head[0] == 0 && head[1] == 'a' && head[2] == 's' && head[3] == 'm') {
      return WASM;
    }
    if (n == 4 && head[0] == 'P' && head[1] == 'K') {
      return ZIP;
    }
    if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return TAR_GZ;
    }
    throw new CatalogException(
        Reason.BAD_ARTEFACT,
        what
            + " is not a plugin: expected a .tar.gz (gzip), a .zip or a .wasm module by its first"
            + " bytes");
  }
}
