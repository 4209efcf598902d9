package dev.airlock.oci;

import dev.airlock.artefact.ArtefactReader;
import dev.airlock.oci.sign.OciVerification;
import dev.airlock.signature.PublicKeys;
import dev.airlock.testing.DockerRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test helpers: a plugin pushed to a real registry, policies as files, verifiers from them. */
final class SignedRegistry {
  private SignedRegistry() {}

  static RegistryClient client(DockerRegistry r) throws Exception {
    return RegistryClient.create(RegistryConfig.builder().certsDirs(List.of(r.certsDir())).build());
  }

  /** Pushes an example (an artefact signed with {@code artefactKey}) under a tag. */
  static Reference push(
      RegistryClient c, DockerRegistry r, String repo, String example, KeyPair artefactKey)
      throws Exception {
    Path tmp = Files.createTempFile("plugin", ".tar.gz");
    try {
      Files.write(tmp, Plugins.signed(example, Plugins.wasm(example), artefactKey));
      Reference ref = Reference.parse("oci://" + r.hostPort() + "/" + repo + ":1.0.0");
      PluginPusher.create(c)
          .push(
              ArtefactReader.create().read(tmp),
              ref,
              false,
              Optional.empty(),
              ProgressListener.NONE);
      return ref;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static Path keyPolicy(Path dir, PublicKey key) throws Exception {
    String pem = PublicKeys.toPem(key).strip().replace("\n", "\n        ");
    return Files.writeString(
        dir.resolve("policy-" + PublicKeys.fingerprint(key).replace(':', '-') + ".yaml"),
        """
        apiVersion: v1
        kind: Verification
        anyOf:
          minimumMatches: 1
          signatures:
            - kind: pubKey
              key: |
                %s
        """
            .formatted(pem));
  }

  static Path githubPolicy(Path dir, String owner, Path trustedRoot) throws Exception {
    return Files.writeString(
        dir.resolve("policy-gh-" + owner + ".yaml"),
        """
        apiVersion: v1
        kind: Verification
        anyOf:
          minimumMatches: 1
          signatures:
            - kind: githubAction
              owner: %s
              repo: plugins
        trust:
          trustedRoot: %s
        """
            .formatted(owner, trustedRoot.toAbsolutePath()));
  }

  static PullVerifier verifier(Path policyFile) throws Exception {
    return OciVerification.fromSettings(
        Map.of("policy", policyFile.getFileName().toString()),
        policyFile.getParent(),
        Clock.systemUTC());
  }

  static PluginPuller puller(RegistryClient c, Path cache) {
    return PluginPuller.create(c, new OciCache(cache));
  }

  static PullOptions options(PullVerifier v) {
    return PullOptions.defaults().withVerifier(v);
  }

  static Digest digestOf(RegistryClient c, Reference ref) throws Exception {
    return c.headManifest(
            ref.repository(), ref.identifier(), dev.airlock.oci.MediaTypes.ALL_MANIFESTS)
        .orElseThrow()
        .digest();
  }
}
