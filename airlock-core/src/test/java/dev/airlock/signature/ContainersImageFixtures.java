package dev.airlock.signature;

import dev.airlock.testing.ContainersImageSignature;
import java.io.IOException;
import java.nio.file.Path;

/** containers/image's on-disk cosign signatures as the layer a registry would serve. */
final class ContainersImageFixtures {
  private ContainersImageFixtures() {}

  static LegacySignature signature(Path file) throws IOException {
    ContainersImageSignature s = ContainersImageSignature.read(file);
    return new LegacySignature(s.origin(), s.payload(), s.annotations());
  }

  static String manifestDigest(Path manifest) throws IOException {
    return ContainersImageSignature.manifestDigest(manifest);
  }
}
