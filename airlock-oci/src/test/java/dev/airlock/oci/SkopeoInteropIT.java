package dev.airlock.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.artefact.Abi;
import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.artefact.ArtefactWriter;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Plugin;
import dev.airlock.testing.DockerRegistry;
import dev.airlock.testing.Processes;
import dev.airlock.testing.TestKeys;
import dev.airlock.trust.ArtefactVerifier;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Interop with real skopeo, both ways, against Debian's docker-registry (plain http). */
class SkopeoInteropIT {
  static Path dir;
  static DockerRegistry reg;
  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(DockerRegistry.available(), "docker-registry is not installed");
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo is not installed");
    dir = Files.createTempDirectory("skopeo-it");
    reg = DockerRegistry.start(DockerRegistry.Mode.PLAIN, dir);
  }

  @AfterAll
  static void stop() {
    if (reg != null) {
      reg.close();
    }
  }

  static RegistryClient client() {
    return RegistryClient.create(RegistryConfig.builder().build());
  }

  static Processes.Result skopeo(Path cwd, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
    cmd.addAll(List.of(args));
    return Processes.run(cwd, Map.of(), cmd).ok();
  }

  @Test
  void whatWePush_skopeoInspectsRaw_andCopiesToAnOciLayout() throws Exception {
    byte[] tgz = Plugins.signed("echo", Plugins.wasm("echo"), TestKeys.ed25519());
    Path file = tmp.resolve("echo.tar.gz");
    Files.write(file, tgz);
    Artefact a = ArtefactReader.create().read(file);
    Reference ref = Reference.parse("oci://" + reg.hostPort() + "/ours/echo:1");
    Digest d =
        PluginPusher.create(client()).push(a, ref, false, Optional.empty(), ProgressListener.NONE);

    String raw =
        skopeo(
                tmp,
                "inspect",
                "--raw",
                "--tls-verify=false",
                "docker://" + reg.hostPort() + "/ours/echo:1")
            .out();
    assertThat(Digest.sha256(raw.getBytes(UTF_8))).isEqualTo(d);
    assertThat(raw).contains(MediaTypes.WASM_CONFIG_V0).contains(MediaTypes.AIRLOCK_MANIFEST);

    skopeo(
        tmp,
        "copy",
        "--src-tls-verify=false",
        "docker://" + reg.hostPort() + "/ours/echo:1",
        "oci:" + tmp.resolve("layout") + ":copied");
    Path blobs = tmp.resolve("layout/blobs/sha256");
    assertThat(blobs.resolve(d.hex())).exists();
    assertThat(blobs.resolve(Digest.sha256(Plugins.wasm("echo")).hex()))
        .hasBinaryContent(Plugins.wasm("echo"));
  }

  @Test
  void multiPlatformIndex_childrenFirst_skopeoReadsIt_pullPicksByPlatform() throws Exception {
    byte[] tgz = Plugins.signed("echo", Plugins.wasm("echo"), TestKeys.ed25519());
    Artefact a = ArtefactReader.create().readTarGz(new ByteArrayInputStream(tgz));
    byte[] so = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 42};
    Platform linux = Platform.parse("linux/amd64");
    PlatformEntry nat = PlatformEntry.nativeFile(linux, "libecho.so", so);
    Reference ref = Reference.parse("oci://" + reg.hostPort() + "/ours/multi:1");
    Digest d =
        PluginPusher.create(client())
            .pushIndex(
                List.of(PlatformEntry.wasm(Platform.WASIP1, a), nat),
                ref,
                Optional.empty(),
                ProgressListener.NONE);

    String docker = "docker://" + reg.hostPort() + "/ours/multi";
    String raw = skopeo(tmp, "inspect", "--raw", "--tls-verify=false", docker + ":1").out();
    assertThat(Digest.sha256(raw.getBytes(UTF_8))).isEqualTo(d);
    OciManifest idx = OciManifest.parse(raw.getBytes(UTF_8), MediaTypes.OCI_INDEX, "skopeo");
    assertThat(idx.manifests())
        .extracting(e -> e.platform().get())
        .containsExactly(linux, Platform.WASIP1);
    for (Descriptor child : idx.manifests()) {
      String c =
          skopeo(tmp, "inspect", "--raw", "--tls-verify=false", docker + "@" + child.digest())
              .out();
      assertThat(Digest.sha256(c.getBytes(UTF_8))).isEqualTo(child.digest());
    }

    PluginPuller onLinux =
        PluginPuller.create(client(), new OciCache(tmp.resolve("cache")))
            .with(java.time.Clock.systemUTC(), linux);
    PullResult n = onLinux.pull(ref, PullOptions.defaults());
    assertThat(n.kind()).isEqualTo("native");
    assertThat(n.file()).hasBinaryContent(so);
    PullResult w = onLinux.pull(ref, PullOptions.defaults().withPlatform(Platform.WASIP1));
    assertThat(w.kind()).isEqualTo("airlock");
    assertThat(ArtefactReader.create().read(w.loadableFile()).manifestBytes())
        .isEqualTo(a.manifestBytes());
  }

  static Stream<ForeignLayouts> layouts() throws Exception {
    return ForeignLayouts.all(Plugins.wasm("echo")).stream();
  }

  @ParameterizedTest
  @MethodSource("layouts")
  void whatSkopeoPushes_inEachForeignLayout_wePullAndRun(ForeignLayouts l) throws Exception {
    byte[] manifest = l.manifest();
    Path layout = OciLayoutDir.write(tmp.resolve("layout"), "v1", manifest, l.config(), l.layer());
    String repo = "foreign/" + l.name() + "-" + Integer.toHexString(l.layerType().hashCode());
    skopeo(
        tmp,
        "copy",
        "--dest-tls-verify=false",
        "oci:" + layout + ":v1",
        "docker://" + reg.hostPort() + "/" + repo + ":v1");

    PullResult r =
        PluginPuller.create(client(), new OciCache(tmp.resolve("cache")))
            .pull(
                Reference.parse("oci://" + reg.hostPort() + "/" + repo + ":v1"),
                PullOptions.defaults());
    assertThat(r.manifestDigest()).isEqualTo(Digest.sha256(manifest));
    assertThat(r.layout()).isEqualTo(l.name());
    byte[] wasm = Files.readAllBytes(r.file());

    Manifest m =
        new Manifest(
            Manifest.SCHEMA_VERSION,
            "echo",
            SemanticVersion.parse("1.0.0"),
            "",
            "",
            List.of("echo"),
            Digest.sha256(wasm).hex(),
            Optional.of(Abi.RAW),
            Permissions.NONE,
            Optional.empty(),
            Instant.parse("2026-01-01T00:00:00Z"));
    Artefact a =
        ArtefactReader.create()
            .readTarGz(new ByteArrayInputStream(ArtefactWriter.toBytes(m, wasm, null)));
    try (Engine e = Engine.builder().build()) {
      Plugin p = e.load(ArtefactVerifier.withoutTrustRoot().verify(a));
      assertThat(new String(p.call("echo", "from skopeo".getBytes(UTF_8)).output(), UTF_8))
          .isEqualTo("from skopeo");
    }
  }
}
