package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.auth.Credentials;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile registry (our own fake on 127.0.0.1) against the pull pipeline: every misbehaviour is
 * refused with a message that says what happened, and nothing is left in the cache or at the
 * output.
 */
class HostileRegistryTest {
  static final String REPO = "plugins/echo";

  @TempDir Path tmp;
  FakeRegistry reg;
  byte[] wasm;
  byte[] config = Layouts.utf8("{\"architecture\":\"wasm\",\"os\":\"wasip1\"}");
  byte[] manifest;
  Path out;

  @BeforeEach
  void setUp() throws Exception {
    reg = new FakeRegistry();
    wasm = Plugins.wasm("echo");
    manifest =
        Layouts.manifest(
            MediaTypes.WASM_CONFIG_V0,
            config,
            List.of(Layouts.descriptor(MediaTypes.WASM, wasm, null)),
            null);
    out = tmp.resolve("out/echo.wasm");
  }

  @AfterEach
  void tearDown() {
    reg.close();
  }

  RegistryClient client(Optional<Credentials> creds) {
    return RegistryClient.create(
        RegistryConfig.builder()
            .credentials(r -> r.equals(reg.host()) ? creds : Optional.empty())
            .attempts(2)
            .backoff(Duration.ofMillis(1))
            .build());
  }

  PullResult pull(String ref) throws Exception {
    return PluginPuller.create(client(Optional.empty()), new OciCache(tmp.resolve("cache")))
        .pull(Reference.parse(ref), PullOptions.defaults().withOutput(out));
  }

  String pinned() {
    return "oci://" + reg.host() + "/" + REPO + "@" + Digest.sha256(manifest);
  }

  String where() {
    return reg.host() + "/" + REPO + "@" + Digest.sha256(manifest);
  }

  void assertNothingLeft() throws IOException {
    Path cache = tmp.resolve("cache");
    List<Path> files = new ArrayList<>();
    if (Files.exists(cache)) {
      try (Stream<Path> s = Files.walk(cache)) {
        s.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    assertThat(files).as("files left in the cache").isEmpty();
    assertThat(out).doesNotExist();
    if (Files.exists(out.getParent())) {
      try (Stream<Path> s = Files.list(out.getParent())) {
        assertThat(s.toList()).as("partial files beside the output").isEmpty();
      }
    }
  }

  @Test
  void honestRegistry_pullWorks_andPinnedCachedPullMakesNoRequest() throws Exception {
    reg.manifest(REPO, "1.0", MediaTypes.OCI_MANIFEST, manifest).blob(REPO, wasm);
    RegistryClient c = client(Optional.empty());
    PluginPuller puller = PluginPuller.create(c, new OciCache(tmp.resolve("cache")));
    PullResult first = puller.pull(Reference.parse(pinned()), PullOptions.defaults());
    assertThat(first.layout()).isEqualTo("cncf");
    assertThat(first.file()).hasBinaryContent(wasm);
    long before = c.requestCount();
    int seen = reg.seen.size();
    PullResult again = puller.pull(Reference.parse(pinned()), PullOptions.defaults());
    assertThat(again.fromCache()).isTrue();
    assertThat(c.requestCount()).isEqualTo(before);
    assertThat(reg.seen).hasSize(seen);
  }

  @Test
  void blobWhoseBytesDoNotMatchItsDigest_isRefused() throws Exception {
    byte[] other = wasm.clone();
    other[other.length - 1] ^= 1;
    reg.manifest(REPO, null, MediaTypes.OCI_MANIFEST, manifest)
        .route(
            "GET /v2/" + REPO + "/blobs/" + Digest.sha256(wasm),
            ex -> FakeRegistry.send(ex, 200, null, other));
    assertThatThrownBy(() -> pull(pinned()))
        .isInstanceOf(OciException.class)
        .hasMessage(
            "blob digest mismatch in "
                + reg.host()
                + "/"
                + REPO
                + ": expected "
                + Digest.sha256(wasm)
                + ", got "
                + Digest.sha256(other)
                + "; the registry served corrupted or substituted content");
    assertNothingLeft();
  }

  @Test
  void lyingDockerContentDigest_isRefused() throws Exception {
    String lie = "sha256:" + "ab".repeat(32);
    reg.route(
            "GET /v2/" + REPO + "/manifests/" + Digest.sha256(manifest),
            ex -> {
              ex.getResponseHeaders().set("Docker-Content-Digest", lie);
              FakeRegistry.send(ex, 200, MediaTypes.OCI_MANIFEST, manifest);
            })
        .blob(REPO, wasm);
    assertThatThrownBy(() -> pull(pinned()))
        .hasMessage(
            "registry "
                + reg.host()
                + " sent Docker-Content-Digest "
                + lie
                + " but the manifest bytes hash to "
                + Digest.sha256(manifest)
                + "; refusing content that lies about its digest");
    assertNothingLeft();
  }

  @Test
  void tagResolvingToOtherBytesThanItsDigest_isRefused() throws Exception {
    String lie = "sha256:" + "cd".repeat(32);
    reg.route(
            "HEAD /v2/" + REPO + "/manifests/1.0",
            ex -> {
              ex.getResponseHeaders().set("Docker-Content-Digest", lie);
              ex.getResponseHeaders().set("Content-Type", MediaTypes.OCI_MANIFEST);
              ex.getResponseHeaders().set("Content-Length", String.valueOf(manifest.length));
              ex.sendResponseHeaders(200, -1);
            })
        .route(
            "GET /v2/" + REPO + "/manifests/" + lie,
            ex -> FakeRegistry.send(ex, 200, MediaTypes.OCI_MANIFEST, manifest));
    assertThatThrownBy(() -> pull("oci://" + reg.host() + "/" + REPO + ":1.0"))
        .hasMessage(
            "manifest "
                + reg.host()
                + "/"
                + REPO
                + "@"
                + lie
                + " digest mismatch: asked"
                + " for "
                + lie
                + ", the bytes hash to "
                + Digest.sha256(manifest)
                + "; the registry served other content");
    assertNothingLeft();
  }

  @Test
  void manifestOver4MiB_isRefusedWhileReading() throws Exception {
    reg.route(
        "GET /v2/" + REPO + "/manifests/" + Digest.sha256(manifest),
        ex -> {
          ex.getResponseHeaders().set("Content-Type", MediaTypes.OCI_MANIFEST);
          ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse up front
          try (OutputStream o = ex.getResponseBody()) {
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            for (int i = 0; i < 80; i++) {
              o.write(chunk);
            }
          }
        });
    assertThatThrownBy(() -> pull(pinned()))
        .hasMessage(
            "manifest "
                + where()
                + " is more than 4194304 bytes; at most 4194304 bytes"
                + " (4 MiB) are allowed");
    assertNothingLeft();
  }

  @Test
  void manifestOver4MiB_byContentLength_isRefusedBeforeReading() throws Exception {
    byte[] big = new byte[OciManifest.MAX_BYTES + 1];
    reg.route(
        "GET /v2/" + REPO + "/manifests/" + Digest.sha256(manifest),
        ex -> FakeRegistry.send(ex, 200, MediaTypes.OCI_MANIFEST, big));
    assertThatThrownBy(() -> pull(pinned()))
        .hasMessage(
            "manifest "
                + where()
                + " is 4194305 bytes (Content-Length); at most 4194304"
                + " bytes (4 MiB) are allowed");
    assertNothingLeft();
  }

  @Test
  void endlessBlob_isCutOffOneBytePastItsSize() throws Exception {
    reg.manifest(REPO, null, MediaTypes.OCI_MANIFEST, manifest)
        .route(
            "GET /v2/" + REPO + "/blobs/" + Digest.sha256(wasm),
            ex -> {
              ex.sendResponseHeaders(200, 0);
              try (OutputStream o = ex.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                while (true) {
                  o.write(chunk);
                }
              }
            });
    assertThatThrownBy(() -> pull(pinned()))
        .hasMessage(
            "blob "
                + Digest.sha256(wasm)
                + " from "
                + reg.host()
                + "/"
                + REPO
                + " is larger than its descriptor's "
                + wasm.length
                + " bytes: more than that;"
                + " stopped reading at "
                + (wasm.length + 1)
                + " bytes");
    assertNothingLeft();
  }

  @Test
  void tokenRealmOnAnotherHost_getsNoCredentials() throws Exception {
    try (FakeRegistry realm = new FakeRegistry()) {
      realm.route(
          "GET /token",
          ex -> FakeRegistry.send(ex, 200, "application/json", Layouts.utf8("{\"token\":\"t\"}")));
      reg.route(
          "GET /v2/" + REPO + "/manifests/" + Digest.sha256(manifest),
          ex -> {
            ex.getResponseHeaders()
                .set(
                    "WWW-Authenticate",
                    "Bearer realm=\"http://localhost:"
                        + realm.port()
                        + "/token\",service=\"fake\"");
            FakeRegistry.send(ex, 401, "application/json", Layouts.utf8("{}"));
          });
      PluginPuller p =
          PluginPuller.create(
              client(Optional.of(new Credentials("alice", "secret"))),
              new OciCache(tmp.resolve("cache")));
      assertThatThrownBy(
              () -> p.pull(Reference.parse(pinned()), PullOptions.defaults().withOutput(out)))
          .hasMessageEndingWith(
              "; the credentials for "
                  + reg.host()
                  + " were not sent to the token realm localhost because it is another host");
      assertThat(realm.seen).isNotEmpty();
      assertThat(realm.seen).allSatisfy(s -> assertThat(s.authorization()).isNull());
      assertNothingLeft();
    }
  }

  @Test
  void redirectToAnotherHost_dropsTheAuthorizationHeader() throws Exception {
    try (FakeRegistry storage = new FakeRegistry()) {
      storage.route("GET /bucket/blob", ex -> FakeRegistry.send(ex, 200, null, wasm));
      reg.manifest(REPO, null, MediaTypes.OCI_MANIFEST, manifest)
          .route(
              "GET /v2/" + REPO + "/blobs/" + Digest.sha256(wasm),
              ex -> {
                if (ex.getRequestHeaders().getFirst("Authorization") == null) {
                  ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
                  FakeRegistry.send(ex, 401, "application/json", Layouts.utf8("{}"));
                  return;
                }
                ex.getResponseHeaders()
                    .set("Location", "http://localhost:" + storage.port() + "/bucket/blob");
                FakeRegistry.send(ex, 307, null, new byte[0]);
              });
      PullResult r =
          PluginPuller.create(
                  client(Optional.of(new Credentials("alice", "secret"))),
                  new OciCache(tmp.resolve("cache")))
              .pull(Reference.parse(pinned()), PullOptions.defaults());
      assertThat(r.file()).hasBinaryContent(wasm);
      assertThat(reg.seen).anySatisfy(s -> assertThat(s.authorization()).startsWith("Basic "));
      assertThat(storage.seen).hasSize(1);
      assertThat(storage.seen.get(0).authorization()).isNull();
    }
  }

  @Test
  void mediaTypeDisagreeingWithContentType_isRefused() throws Exception {
    reg.route(
        "GET /v2/" + REPO + "/manifests/" + Digest.sha256(manifest),
        ex -> FakeRegistry.send(ex, 200, MediaTypes.DOCKER_MANIFEST, manifest));
    assertThatThrownBy(() -> pull(pinned()))
        .hasMessage(
            "manifest "
                + where()
                + ": media type mismatch: Content-Type is "
                + MediaTypes.DOCKER_MANIFEST
                + " but the manifest says "
                + MediaTypes.OCI_MANIFEST
                + "; the registry is misconfigured or the content was tampered with");
    assertNothingLeft();
  }

  @Test
  void hundredThousandLayers_areRefused() throws Exception {
    String layer = "{\"mediaType\":\"a\",\"digest\":\"sha256:" + "0".repeat(64) + "\",\"size\":1}";
    manifest =
        Layouts.manifest(
            MediaTypes.WASM_CONFIG_V0, config, java.util.Collections.nCopies(100_000, layer), null);
    reg.manifest(REPO, null, MediaTypes.OCI_MANIFEST, manifest);
    assertThatThrownBy(() -> pull(pinned()))
        .hasMessage(
            "manifest "
                + where()
                + " is "
                + manifest.length
                + " bytes (Content-Length);"
                + " at most 4194304 bytes (4 MiB) are allowed");
    assertNothingLeft();
  }

  @Test
  void moreLayersThanTheCap_withinTheSizeLimit_areRefused() throws Exception {
    String layer = "{\"mediaType\":\"a\",\"digest\":\"sha256:" + "0".repeat(64) + "\",\"size\":1}";
    manifest =
        Layouts.manifest(
            MediaTypes.WASM_CONFIG_V0, config, java.util.Collections.nCopies(1001, layer), null);
    reg.manifest(REPO, null, MediaTypes.OCI_MANIFEST, manifest);
    assertThatThrownBy(() -> pull(pinned()))
        .hasMessage("manifest " + where() + " lists 1001 layers; at most 1000 are allowed");
    assertNothingLeft();
  }

  @Test
  void titleAnnotationWithDotDot_isRefused() throws Exception {
    manifest =
        Layouts.manifest(
            MediaTypes.WASM_CONFIG_V0,
            config,
            List.of(
                Layouts.descriptor(
                    "application/vnd.oci.image.layer.v1.tar",
                    wasm,
                    "{\"org.opencontainers.image.title\":\"../evil.wasm\"}")),
            null);
    reg.manifest(REPO, null, MediaTypes.OCI_MANIFEST, manifest).blob(REPO, wasm);
    assertThatThrownBy(() -> pull(pinned()))
        .hasMessage(
            where()
                + ": layer "
                + Digest.sha256(wasm)
                + " has the title"
                + " '../evil.wasm', which is not a plain file name (no /, \\, .. or control"
                + " characters); refused");
    assertNothingLeft();
  }

  @Test
  void unknownLayout_namesTheMediaTypesFound() throws Exception {
    manifest =
        Layouts.manifest(
            "application/vnd.example.config+json",
            config,
            List.of(Layouts.descriptor("application/vnd.example.thing", wasm, null)),
            null);
    reg.manifest(REPO, null, MediaTypes.OCI_MANIFEST, manifest).blob(REPO, wasm);
    assertThatThrownBy(() -> pull(pinned()))
        .hasMessageStartingWith(
            "Could not determine plugin type of "
                + where()
                + ": no layer is a wasm module (media types found:"
                + " application/vnd.example.config+json (config), application/vnd.example.thing)");
    assertNothingLeft();
  }

  @Test
  void serverErrors_areRetried_clientErrorsAreNot() throws Exception {
    int[] calls = {0};
    reg.manifest(REPO, null, MediaTypes.OCI_MANIFEST, manifest)
        .route(
            "GET /v2/" + REPO + "/blobs/" + Digest.sha256(wasm),
            ex -> {
              if (calls[0]++ == 0) {
                FakeRegistry.send(ex, 503, null, new byte[0]);
              } else {
                FakeRegistry.send(ex, 200, null, wasm);
              }
            });
    assertThat(pull(pinned()).file()).hasBinaryContent(wasm);
    assertThat(calls[0]).isEqualTo(2);

    int[] bad = {0};
    reg.route(
        "GET /v2/other/manifests/" + Digest.sha256(manifest),
        ex -> {
          bad[0]++;
          FakeRegistry.send(
              ex,
              400,
              "application/json",
              Layouts.utf8("{\"errors\":[{\"code\":\"MANIFEST_INVALID\",\"message\":\"no\"}]}"));
        });
    assertThatThrownBy(() -> pull("oci://" + reg.host() + "/other@" + Digest.sha256(manifest)))
        .hasMessage(
            "registry "
                + reg.host()
                + " answered 400 to GET /v2/other/manifests/"
                + Digest.sha256(manifest)
                + ": MANIFEST_INVALID no");
    assertThat(bad[0]).isEqualTo(1);
  }
}
