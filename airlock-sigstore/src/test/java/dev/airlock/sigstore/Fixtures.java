package dev.airlock.sigstore;

import dev.airlock.signature.LegacySignature;
import dev.airlock.testing.ContainersImageSignature;
import java.io.IOException;
import java.nio.file.Path;

/** containers/image's on-disk cosign signatures as the layer a registry would serve. */
final class Fixtures {
  private Fixtures() {}

  static LegacySignature signature(Path file) throws IOException {
    ContainersImageSignature s = ContainersImageSignature.read(file);
    return new LegacySignature(s.origin(), s.payload(), s.annotations());
  }

  static String sha256(Path file) throws IOException {
    return ContainersImageSignature.manifestDigest(file);
  }
}
