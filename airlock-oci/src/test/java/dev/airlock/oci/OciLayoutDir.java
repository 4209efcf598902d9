package dev.airlock.oci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an OCI image layout directory (oci-layout, index.json, blobs) for skopeo to push. */
final class OciLayoutDir {
  private OciLayoutDir() {}

  static Path write(Path dir, String tag, byte[] manifest, byte[]... blobs) throws IOException {
    Path b = Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    for (byte[] blob : blobs) {
      Files.write(b.resolve(Digest.sha256(blob).hex()), blob);
    }
    Files.write(b.resolve(Digest.sha256(manifest).hex()), manifest);
    Files.writeString(
        dir.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"digest\":\""
            + Digest.sha256(manifest)
            + "\",\"size\":"
            + manifest.length
            + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\""
            + tag
            + "\"}}]}");
    return dir;
  }
}
