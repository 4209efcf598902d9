package dev.airlock.server;

import static dev.airlock.server.SourceFixtures.json;
import static dev.airlock.server.SourceFixtures.refused;
import static dev.airlock.server.SourceFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.catalog.Publisher;
import dev.airlock.testing.HttpFixture;
import dev.airlock.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry, git and url install sources against a real index and artefacts served over http on
 * 127.0.0.1, and a real git repository made with the git binary.
 */
class CatalogSourcesIT {
  @TempDir Path tmp;
  Path www;
  HttpFixture http;
  ServerFixture s;
  PrivateKey key;

  @BeforeEach
  void setUp() throws Exception {
    www = Files.createDirectories(tmp.resolve("www"));
    http = SourceFixtures.serve(www);
    s =
        SourceFixtures.start(
            tmp.resolve("data"),
            SourceOptions.defaults().withIndex(index()).withAllowLocalGit(true),
            Map.of());
    key = Artefacts.demoKey(s.data);
    publish("relay", "1.0.0");
    Files.copy(www.resolve("index.json"), tmp.resolve("index-v1.json"));
    Files.copy(www.resolve("index.json.sig"), tmp.resolve("index-v1.json.sig"));
    publish("relay", "2.0.0");
  }

  @AfterEach
  void tearDown() {
    s.close();
    http.close();
  }

  String index() {
    return http.baseUrl() + "/index.json";
  }

  Path publish(String name, String version) throws Exception {
    Path a = www.resolve(name + "-" + version + ".tar.gz");
    Files.write(a, Artefacts.tarGz(key, "echo", name, version, List.of("echo")));
    new Publisher(java.time.Clock.systemUTC(), Publisher.DEFAULT_VALIDITY)
        .add(www.resolve("index.json"), a, Optional.of(http.baseUrl()), Optional.of(key));
    return a;
  }

  @Test
  void registry_installsTheHighestVersionDisabled_thenEnableAndInvoke() throws Exception {
    var a = s.post("/api/v1/plugins", json("source", "registry", "name", "relay"));
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    assertThat(a.json().get("id").asText()).isEqualTo("relay");
    assertThat(a.json().get("version").asText()).isEqualTo("2.0.0");
    assertThat(a.json().get("status").asText()).isEqualTo("disabled");
    assertThat(a.json().get("source").asText()).isEqualTo("registry:relay@2.0.0 from " + index());
    assertThat(s.post("/api/v1/plugins/relay/enable", null).status()).isEqualTo(200);
    var out = s.invoke("relay", "echo", "through the catalog");
    assertThat(out.status()).as(out.text()).isEqualTo(200);
    assertThat(out.text()).isEqualTo("through the catalog");
    try (var left = Files.list(s.data.resolve("catalog"))) {
      assertThat(left.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
          .isEmpty();
    }
  }

  @Test
  void registry_updateFromSource_rollbackRefusedUnlessAllowed() throws Exception {
    var v1 =
        s.post("/api/v1/plugins", json("source", "registry", "name", "relay", "version", "1.0.0"));
    assertThat(v1.status()).as(v1.text()).isEqualTo(201);
    assertThat(v1.json().get("version").asText()).isEqualTo("1.0.0");
    var up = s.put("/api/v1/plugins/relay", json("source", "registry", "name", "relay"));
    assertThat(up.status()).as(up.text()).isEqualTo(200);
    assertThat(up.json().get("version").asText()).isEqualTo("2.0.0");
    var back =
        s.put(
            "/api/v1/plugins/relay", json("source", "registry", "name", "relay", "version", "^1"));
    assertThat(back.status()).as(back.text()).isEqualTo(409);
    assertThat(back.json().get("message").asText())
        .isEqualTo(
            "rollback refused: plugin 'relay' runs version 2.0.0 and the upload holds older 1.0.0;"
                + " add ?allow_downgrade=true to accept it");
    var allowed =
        s.put(
            "/api/v1/plugins/relay?allow_downgrade=true",
            json("source", "registry", "name", "relay", "version", "^1"));
    assertThat(allowed.status()).as(allowed.text()).isEqualTo(200);
    assertThat(allowed.json().get("version").asText()).isEqualTo("1.0.0");
  }

  @Test
  void registry_unknownNameOrVersion_refusedWithTheCatalogsReason_nothingStored() throws Exception {
    var before = stored(s);
    refused(
        s,
        s.post("/api/v1/plugins", json("source", "registry", "name", "nope")),
        "source_refused",
        "no plugin 'nope' in registry",
        before);
    refused(
        s,
        s.post("/api/v1/plugins", json("source", "registry", "name", "relay", "version", "3.0.0")),
        "source_refused",
        "no plugin 'relay' at version '3.0.0' in registry (versions: 1.0.0, 2.0.0)",
        before);
  }

  @Test
  void registry_tamperedArtefact_sha256Mismatch_nothingStored() throws Exception {
    Path v2 = www.resolve("relay-2.0.0.tar.gz");
    String declared = sha256(Files.readAllBytes(v2));
    byte[] other = Artefacts.tarGz(key, "uppercase", "relay", "2.0.0", List.of("echo"));
    Files.write(v2, other);
    var before = stored(s);
    refused(
        s,
        s.post("/api/v1/plugins", json("source", "registry", "name", "relay")),
        "source_refused",
        "sha256 mismatch for 'relay': index=" + declared + " actual=" + sha256(other),
        before);
  }

  @Test
  void registry_unsignedIndex_refusedUnlessAllowed() throws Exception {
    Files.delete(www.resolve("index.json.sig"));
    var before = stored(s);
    refused(
        s,
        s.post("/api/v1/plugins", json("source", "registry", "name", "relay")),
        "source_refused",
        "index "
            + index()
            + " is not signed (no index.json.sig beside it); pass --allow-unsigned-index to use it"
            + " anyway",
        before);
    s.close();
    s =
        SourceFixtures.start(
            tmp.resolve("data-unsigned"),
            SourceOptions.defaults().withIndex(index()).withAllowUnsignedIndex(true),
            Map.of());
    // the artefacts stay signed with the first server's demo key, which this server does not
    // trust: the index is now accepted, the artefact's signature is still checked
    var a = s.post("/api/v1/plugins", json("source", "registry", "name", "relay"));
    assertThat(a.status()).as(a.text()).isEqualTo(422);
    assertThat(a.json().get("error").asText()).isEqualTo("verification_failed");
  }

  @Test
  void registry_rolledBackIndex_refusedOnALaterRequest() throws Exception {
    var a = s.post("/api/v1/plugins", json("source", "registry", "name", "relay"));
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    // a mirror now serves the older, still validly signed index
    Files.copy(
        tmp.resolve("index-v1.json"),
        www.resolve("index.json"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.copy(
        tmp.resolve("index-v1.json.sig"),
        www.resolve("index.json.sig"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    var before = stored(s);
    var old =
        s.put(
            "/api/v1/plugins/relay?allow_downgrade=true",
            json("source", "registry", "name", "relay"));
    refused(
        s,
        old,
        "source_refused",
        "index "
            + index()
            + " has index_version 1, older than version 2 seen before; a mirror may be serving an"
            + " old copy (rollback)",
        before);
    assertThat(old.json().at("/details/reason").asText()).isEqualTo("index_rollback");
  }

  @Test
  void malformedRequests_are400_withTheField() throws Exception {
    var before = stored(s);
    var noName = s.post("/api/v1/plugins", "{\"source\":\"registry\"}");
    assertThat(noName.status()).isEqualTo(400);
    assertThat(noName.json().get("message").asText())
        .isEqualTo("source 'registry' needs the field 'name' (a non-empty string)");
    var badVersion =
        s.post("/api/v1/plugins", "{\"source\":\"registry\",\"name\":\"relay\",\"version\":3}");
    assertThat(badVersion.status()).isEqualTo(400);
    assertThat(badVersion.json().get("message").asText())
        .isEqualTo(
            "source 'registry': 'version' must be a string (1.2.0, ^1.2, >=1.0 <2), or absent");
    var badName = s.post("/api/v1/plugins", json("source", "registry", "name", "../etc"));
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.json().get("message").asText()).startsWith("source 'registry': ");
    var noUrl = s.post("/api/v1/plugins", "{\"source\":\"url\",\"url\":[]}");
    assertThat(noUrl.status()).isEqualTo(400);
    assertThat(noUrl.json().get("message").asText())
        .isEqualTo("source 'url' needs the field 'url' (a non-empty string)");
    var notUri = s.post("/api/v1/plugins", json("source", "url", "url", "http://a b/x"));
    assertThat(notUri.status()).isEqualTo(400);
    assertThat(notUri.json().get("message").asText())
        .isEqualTo("source 'url': 'http://a b/x' is not a URL: Illegal character in authority");
    assertThat(stored(s)).isEqualTo(before);
  }

  @Test
  void registry_withoutAnIndex_isUnavailable_andAllowedSourcesStillApplies() throws Exception {
    s.close();
    s =
        SourceFixtures.start(
            tmp.resolve("data2"),
            SourceOptions.defaults(),
            Map.of("PLUGIN_ALLOWED_SOURCES", "file,registry"));
    var none = s.post("/api/v1/plugins", json("source", "registry", "name", "relay"));
    assertThat(none.status()).isEqualTo(422);
    assertThat(none.json().get("error").asText()).isEqualTo("source_unavailable");
    assertThat(none.json().get("message").asText())
        .isEqualTo(
            "source 'registry' needs a catalog index and none is configured: start the server"
                + " with --index PATH|URL (or AIRLOCK_INDEX)");
    var url = s.post("/api/v1/plugins", json("source", "url", "url", http.baseUrl() + "/x.tar.gz"));
    assertThat(url.status()).isEqualTo(422);
    assertThat(url.json().get("error").asText()).isEqualTo("source_not_allowed");
    assertThat(url.json().get("message").asText())
        .isEqualTo(
            "source 'url' is not allowed: allowed_sources is [file, registry] (set"
                + " PLUGIN_ALLOWED_SOURCES or allowed_sources to change it)");
  }

  @Test
  void registry_bareWasmEntry_getsTheIndexVersionFromTheCatalogsSidecar() throws Exception {
    byte[] wasm = ExamplePlugins.wasm("echo");
    Files.write(www.resolve("bare.wasm"), wasm);
    Files.write(www.resolve("bare.sig"), Artefacts.signatureOf(key, wasm));
    Files.writeString(www.resolve("bare.json"), "{\"name\":\"bare\",\"version\":\"1.2.0\"}");
    new Publisher(java.time.Clock.systemUTC(), Publisher.DEFAULT_VALIDITY)
        .add(
            www.resolve("index.json"),
            www.resolve("bare.wasm"),
            Optional.of(http.baseUrl()),
            Optional.of(key));
    var a = s.post("/api/v1/plugins", json("source", "registry", "name", "bare"));
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    assertThat(a.json().get("version").asText()).isEqualTo("1.2.0");
    try (var files = Files.list(s.data.resolve("plugins"))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("bare.json", "bare.sig", "bare.wasm");
    }
    assertThat(s.post("/api/v1/plugins/bare/enable", null).status()).isEqualTo(200);
    assertThat(s.invoke("bare", "echo", "bare").text()).isEqualTo("bare");
  }

  @Test
  void url_installsAnArtefact_andRefusesOtherSchemesAndMissingFiles() throws Exception {
    var before = stored(s);
    refused(
        s,
        s.post("/api/v1/plugins", json("source", "url", "url", "file:///etc/passwd")),
        "source_refused",
        "url 'file:///etc/passwd' is refused: an install URL is http:// or https:// with a host",
        before);
    String missing = http.baseUrl() + "/missing.tar.gz";
    String expected;
    try {
      dev.airlock.catalog.Fetcher.builder()
          .build()
          .fetchTo(java.net.URI.create(missing), tmp.resolve("probe"), 1 << 20);
      throw new AssertionError("the probe should fail");
    } catch (dev.airlock.catalog.CatalogException e) {
      expected = e.getMessage();
    }
    refused(
        s,
        s.post("/api/v1/plugins", json("source", "url", "url", missing)),
        "source_refused",
        expected,
        before);
    var a =
        s.post(
            "/api/v1/plugins",
            json("source", "url", "url", http.baseUrl() + "/relay-1.0.0.tar.gz"));
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    assertThat(a.json().get("version").asText()).isEqualTo("1.0.0");
    assertThat(s.post("/api/v1/plugins/relay/enable", null).status()).isEqualTo(200);
    assertThat(s.invoke("relay", "echo", "by url").text()).isEqualTo("by url");
  }

  @Test
  void url_toABareModule_takesItsVersionAndHooksFromTheManifestBesideIt() throws Exception {
    byte[] wasm = ExamplePlugins.wasm("echo");
    Files.write(www.resolve("echo.wasm"), wasm);
    Files.write(www.resolve("echo.sig"), Artefacts.signatureOf(key, wasm));
    Files.writeString(
        www.resolve("echo.toml"),
        "name = \"echo\"\nversion = \"1.4.2\"\ndescription = \"served beside it\"\n"
            + "hooks = [\"echo\"]\n");
    var a = s.post("/api/v1/plugins", json("source", "url", "url", http.baseUrl() + "/echo.wasm"));
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    assertThat(a.json().get("version").asText()).isEqualTo("1.4.2");
    assertThat(a.json().get("description").asText()).isEqualTo("served beside it");
    assertThat(a.json().get("hooks").toString()).isEqualTo("[\"echo\"]");
    assertThat(s.post("/api/v1/plugins/echo/enable", null).status()).isEqualTo(200);
    assertThat(s.invoke("echo", "echo", "beside").text()).isEqualTo("beside");
    assertThat(s.get("/api/v1/plugins/echo").json().get("version").asText()).isEqualTo("1.4.2");
  }

  @Test
  void url_overTheUploadCap_refusedWhileDownloading_nothingStored() throws Exception {
    s.close();
    s = SourceFixtures.start(tmp.resolve("data-small"), SourceOptions.defaults(), Map.of(), 4096);
    byte[] big = new byte[64 * 1024];
    new java.util.Random(7).nextBytes(big);
    Files.write(www.resolve("big.tar.gz"), big);
    String url = http.baseUrl() + "/big.tar.gz";
    String expected;
    try {
      dev.airlock.catalog.Fetcher.builder()
          .build()
          .fetchTo(java.net.URI.create(url), tmp.resolve("probe"), 4096);
      throw new AssertionError("the probe should fail");
    } catch (dev.airlock.catalog.CatalogException e) {
      expected = e.getMessage();
    }
    var before = stored(s);
    refused(
        s,
        s.post("/api/v1/plugins", json("source", "url", "url", url)),
        "source_refused",
        expected,
        before);
    assertThat(expected).contains("4096");
  }

  @Test
  void git_installsTheSignedModuleAtARef_badRefsRefused_nothingStored() throws Exception {
    Processes.require("git");
    Path repo = Files.createDirectories(tmp.resolve("relay-plugin"));
    git(repo, "init", "-q", "-b", "main");
    Files.writeString(repo.resolve("plugin.toml"), SourceFixtures.formatToml("relay", "0.3.0"));
    byte[] wasm = ExamplePlugins.wasm("wasm-format");
    Files.write(repo.resolve("plugin.wasm"), wasm);
    Files.write(repo.resolve("plugin.wasm.sig"), Artefacts.signatureOf(key, wasm));
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "first");
    git(repo, "tag", "v0.3.0");
    String url = "git+" + repo.toUri();
    var before = stored(s);
    refused(
        s,
        s.post("/api/v1/plugins", json("source", "git", "repository", url, "ref", "-upload-pack")),
        "source_refused",
        "git ref '-upload-pack' is refused: a ref is a branch, tag or commit made of letters,"
            + " digits, '.', '_', '/' and '-', not starting with '-'",
        before);
    refused(
        s,
        s.post(
            "/api/v1/plugins",
            json("source", "git", "repository", "ssh://host/x.git", "ref", "main")),
        "source_refused",
        "git repository 'ssh://host/x.git' is refused: only https:// repositories are cloned",
        before);
    var missing =
        s.post("/api/v1/plugins", json("source", "git", "repository", url, "ref", "v9.9.9"));
    assertThat(missing.status()).as(missing.text()).isEqualTo(422);
    assertThat(missing.json().get("message").asText())
        .startsWith("cannot clone " + repo.toUri() + " at 'v9.9.9': ");
    assertThat(missing.json().at("/details/reason").asText()).isEqualTo("git");
    assertThat(stored(s)).isEqualTo(before);

    var a = s.post("/api/v1/plugins", json("source", "git", "repository", url, "ref", "v0.3.0"));
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    assertThat(a.json().get("id").asText()).isEqualTo("relay");
    assertThat(a.json().get("signer").asText()).isNotEmpty();
    // the catalog's sidecar manifest (relay.json) is kept: the plugin.toml's version is recorded
    assertThat(a.json().get("version").asText()).isEqualTo("0.3.0");
    assertThat(a.json().get("description").asText()).isEqualTo("relays .wasm files");
    assertThat(a.json().get("hooks"))
        .extracting(com.fasterxml.jackson.databind.JsonNode::asText)
        .containsExactlyInAnyOrder("format_key", "parse_metadata", "validate", "generate_index");
    assertThat(a.json().get("plugin_type").asText()).isEqualTo("format_handler");
    try (var files = Files.list(s.data.resolve("plugins"))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("relay.json", "relay.sig", "relay.wasm");
    }
    assertThat(s.post("/api/v1/plugins/relay/enable", null).status()).isEqualTo(200);
    var key = s.invoke("relay", "format_key", "");
    assertThat(key.status()).as(key.text()).isEqualTo(200);
    assertThat(key.text()).isEqualTo("wasm");
  }

  static String git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t"));
    cmd.addAll(List.of(args));
    return Processes.run(dir, Map.of(), cmd).ok().out().strip();
  }

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
