package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.oci.auth.Credentials;
import dev.airlock.testing.DockerRegistry;
import dev.airlock.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution API against Debian's docker-registry 2.8. */
class RegistryApiIT {
  @TempDir Path tmp;

  DockerRegistry start(DockerRegistry.Mode mode) throws Exception {
    assumeTrue(DockerRegistry.available(), "docker-registry is not installed");
    return DockerRegistry.start(mode, Files.createDirectories(tmp.resolve("reg")));
  }

  static RegistryConfig.Builder config(DockerRegistry r) throws Exception {
    return RegistryConfig.builder()
        .credentials(
            reg ->
                reg.equals(r.hostPort())
                    ? Optional.of(new Credentials(DockerRegistry.USER, DockerRegistry.PASSWORD))
                    : Optional.empty())
        .certsDirs(List.of(r.certsDir()));
  }

  Artefact artefact(String name) throws Exception {
    Path f = tmp.resolve(name + ".tar.gz");
    Files.write(f, Plugins.signed(name, Plugins.wasm(name), TestKeys.ed25519()));
    return ArtefactReader.create().read(f);
  }

  @Test
  void chunkedUpload_ofALargeBlob_andSkippingWhatExists() throws Exception {
    try (DockerRegistry r = start(DockerRegistry.Mode.BASIC)) {
      RegistryClient c = RegistryClient.create(config(r).chunkSize(64 * 1024).build());
      byte[] blob = new byte[300 * 1024 + 17];
      new Random(7).nextBytes(blob);
      Repository repo = new Repository(r.hostPort(), "big/blob");
      Descriptor d = Descriptor.of("application/octet-stream", blob, Map.of());
      assertThat(c.pushBlob(repo, BlobContent.of(blob), d, Optional.empty())).isTrue();
      assertThat(c.blobExists(repo, d.digest())).isTrue();
      assertThat(c.getBlob(repo, d, blob.length)).isEqualTo(blob);
      assertThat(c.pushBlob(repo, BlobContent.of(blob), d, Optional.empty())).isFalse();
    }
  }

  @Test
  void crossRepositoryMount_sendsNoBytes() throws Exception {
    try (DockerRegistry r = start(DockerRegistry.Mode.TOKEN)) {
      RegistryClient c = RegistryClient.create(config(r).build());
      byte[] blob = "mount me".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      Descriptor d = Descriptor.of("application/octet-stream", blob, Map.of());
      Repository a = new Repository(r.hostPort(), "team/a");
      Repository b = new Repository(r.hostPort(), "team/b");
      assertThat(c.pushBlob(a, BlobContent.of(blob), d, Optional.empty())).isTrue();
      BlobContent refuse =
          offset -> {
            throw new AssertionError("a mounted blob must not be read");
          };
      assertThat(c.pushBlob(b, refuse, d, Optional.of(a))).isFalse();
      assertThat(c.blobExists(b, d.digest())).isTrue();
    }
  }

  @Test
  void sameArtefact_sameDigest_everywhere_andTagsPage() throws Exception {
    try (DockerRegistry r = start(DockerRegistry.Mode.PLAIN)) {
      RegistryClient c = RegistryClient.create(config(r).pageSize(2).build());
      Artefact a = artefact("echo");
      Digest first = null;
      for (String tag : List.of("1", "2", "3", "4", "5")) {
        Digest d =
            PluginPusher.create(c)
                .push(
                    a,
                    Reference.parse(r.hostPort() + "/same/echo:" + tag),
                    false,
                    Optional.empty(),
                    ProgressListener.NONE);
        first = first == null ? d : first;
        assertThat(d).isEqualTo(first);
      }
      Digest elsewhere =
          PluginPusher.create(c)
              .push(
                  a,
                  Reference.parse(r.hostPort() + "/other/echo:1"),
                  false,
                  Optional.empty(),
                  ProgressListener.NONE);
      assertThat(elsewhere).isEqualTo(first);
      assertThat(c.listTags(new Repository(r.hostPort(), "same/echo")))
          .containsExactlyInAnyOrder("1", "2", "3", "4", "5");
      // 2.8 ignores ?n= on tag lists and sends every tag in one page, in no particular order;
      // paging by Link is tested against our fake registry (TagPagingTest)
    }
  }

  @Test
  void referrersApi_isAbsentIn28_soTheAnswerSaysUnsupported() throws Exception {
    try (DockerRegistry r = start(DockerRegistry.Mode.PLAIN)) {
      RegistryClient c = RegistryClient.create(config(r).build());
      Digest d =
          PluginPusher.create(c)
              .push(
                  artefact("echo"),
                  Reference.parse(r.hostPort() + "/ref/echo:1"),
                  false,
                  Optional.empty(),
                  ProgressListener.NONE);
      Referrers refs = c.referrers(new Repository(r.hostPort(), "ref/echo"), d, Optional.empty());
      assertThat(refs.supported()).isFalse();
      assertThat(refs.manifests()).isEmpty();
    }
  }

  @Test
  void tokens_areCachedPerScope() throws Exception {
    try (DockerRegistry r = start(DockerRegistry.Mode.TOKEN)) {
      RegistryClient c = RegistryClient.create(config(r).build());
      Reference ref = Reference.parse(r.hostPort() + "/tok/echo:1");
      PluginPusher.create(c)
          .push(artefact("echo"), ref, false, Optional.empty(), ProgressListener.NONE);
      int afterPush = r.tokenRequests();
      PluginPuller p = PluginPuller.create(c, new OciCache(tmp.resolve("cache")));
      p.pull(ref, PullOptions.defaults().withForce(true));
      int afterFirstPull = r.tokenRequests();
      p.pull(ref, PullOptions.defaults().withForce(true));
      // One token for the whole push (settled before its concurrent uploads; its blob checks use
      // it too), one for the pull scope, then none: tokens are cached per scope.
      assertThat(afterPush).isEqualTo(1);
      assertThat(afterFirstPull).isEqualTo(2);
      assertThat(r.tokenRequests()).isEqualTo(afterFirstPull);
    }
  }
}
