package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API against a real server (SQLite), every lifecycle verb changing the running host. */
class ApiIT {
  // Not final: PostgresIT reruns every test here on PostgreSQL.
  @TempDir Path data;
  ServerFixture s;

  @BeforeEach
  void start() throws Exception {
    s = open();
  }

  /** Starts a server on this test's data; PostgresIT runs the same tests against PostgreSQL. */
  ServerFixture open() throws Exception {
    return ServerFixture.start(data);
  }

  @AfterEach
  void stop() {
    if (s != null) {
      s.close();
    }
  }

  /** The plugin record's fields as issue 8 documents them. */
  static final Set<String> DOCUMENTED =
      Set.of(
          "id",
          "name",
          "version",
          "description",
          "author",
          "license",
          "status",
          "plugin_type",
          "hooks",
          "signer",
          "config_schema",
          "installed_at",
          "enabled_at",
          "stats");

  /** What the server adds to the documented record (the OpenAPI document lists these too). */
  static final Set<String> ADDED =
      Set.of("abi", "config", "failure", "source", "sha256", "updated_at");

  static final Set<String> STATS = Set.of("calls", "errors", "timeouts", "p50_ms", "p99_ms");

  /** The field names of a JSON object, sorted. */
  static Set<String> keys(JsonNode object) {
    Set<String> keys = new TreeSet<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void list_itemHasEveryDocumentedField() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    var installed = s.installExample("upload-policy");
    assertThat(installed.status()).as(installed.text()).isEqualTo(201);
    assertThat(installed.json().get("enabled_at").isNull())
        .as("enabled_at of a plugin that never served: %s", installed.text())
        .isTrue();
    var enabled = s.post("/api/v1/plugins/upload-policy/enable", null);
    assertThat(enabled.status()).as(enabled.text()).isEqualTo(200);
    var called = s.invoke("upload-policy", "validate_upload", "not an envelope");
    assertThat(called.status()).as(called.text()).isEqualTo(200);

    var items = s.get("/api/v1/plugins").json().get("items");
    assertThat(items).hasSize(1);
    JsonNode read = s.get("/api/v1/plugins/upload-policy").json();
    assertThat(items.get(0)).as("the list item and GET /plugins/{id}").isEqualTo(read);
    Set<String> expected = new TreeSet<>(DOCUMENTED);
    expected.addAll(ADDED);
    assertThat(keys(read)).as("plugin record keys").containsExactlyElementsOf(expected);
    assertThat(keys(read.get("stats")))
        .as("stats keys")
        .containsExactlyElementsOf(new TreeSet<>(STATS));

    assertThat(read.get("id").asText()).isEqualTo("upload-policy");
    assertThat(read.get("name").asText()).isEqualTo("upload-policy");
    assertThat(read.get("version").asText()).isEqualTo("1.0.0");
    assertThat(read.get("description").asText()).isEqualTo("Refuses unsafe or oversized uploads");
    assertThat(read.get("author").asText()).isEqualTo("Airlock examples");
    assertThat(read.get("license").asText()).isEqualTo("Apache-2.0");
    assertThat(read.get("status").asText()).isEqualTo("enabled");
    assertThat(read.get("plugin_type").asText()).isEqualTo("validator");
    assertThat(read.get("hooks").toString()).isEqualTo("[\"validate_upload\"]");
    assertThat(read.get("signer").asText()).isEqualTo("demo");
    JsonNode maxBytes = read.get("config_schema").path("properties").path("max_bytes");
    assertThat(maxBytes.path("type").asText()).as(read.toString()).isEqualTo("integer");
    Instant installedAt = Instant.parse(read.get("installed_at").asText());
    assertThat(installedAt).isBetween(before, Instant.now());
    assertThat(read.get("enabled_at").isNull()).as("enabled_at after enable").isFalse();
    assertThat(Instant.parse(read.get("enabled_at").asText())).isAfterOrEqualTo(installedAt);
    JsonNode stats = read.get("stats");
    assertThat(stats.get("calls").asLong()).isEqualTo(1);
    assertThat(stats.get("errors").asLong()).isZero();
    assertThat(stats.get("timeouts").asLong()).isZero();
    double p50 = stats.get("p50_ms").asDouble();
    double p99 = stats.get("p99_ms").asDouble();
    assertThat(p50).as("p50_ms").isGreaterThanOrEqualTo(0);
    assertThat(p99).as("p99_ms (p50_ms is %s)", p50).isGreaterThanOrEqualTo(p50);
  }

  @Test
  void aRestartLoadsFromTheCompileCache_andTheMetricsSaySo() throws Exception {
    assertThat(s.installExample("echo").status()).isEqualTo(201);
    assertThat(s.get("/api/v1/metrics").text())
        .contains("airlock_compile_cache_misses_total{cache=\"disk\"} 1.0");
    s.close();
    s = open();
    assertThat(s.get("/api/v1/plugins/echo").json().get("version").asText()).isEqualTo("1.0.0");
    assertThat(s.get("/api/v1/metrics").text())
        .contains("airlock_compile_cache_hits_total{cache=\"disk\"} 1.0")
        .contains("airlock_compile_cache_misses_total{cache=\"disk\"} 0.0");
  }

  @Test
  void install_enable_invoke_disable_delete_changesTheRunningHost() throws Exception {
    var installed = s.installExample("echo");
    assertThat(installed.status()).as(installed.text()).isEqualTo(201);
    assertThat(installed.json().get("id").asText()).isEqualTo("echo");
    assertThat(installed.json().get("status").asText()).isEqualTo("disabled");
    assertThat(installed.json().get("signer").asText()).isEqualTo("demo");
    assertThat(installed.header("Location")).isEqualTo("/api/v1/plugins/echo");

    var refused = s.invoke("echo", "echo", "hi");
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.json().get("error").asText()).isEqualTo("wrong_state");
    assertThat(refused.json().get("message").asText()).isEqualTo("plugin 'echo' is disabled");

    assertThat(s.post("/api/v1/plugins/echo/enable", null).json().get("status").asText())
        .isEqualTo("enabled");
    var called = s.invoke("echo", "echo", "hello airlock");
    assertThat(called.status()).isEqualTo(200);
    assertThat(called.text()).isEqualTo("hello airlock");
    var stats = s.get("/api/v1/plugins/echo").json().get("stats");
    assertThat(stats.get("calls").asLong()).isEqualTo(1);
    assertThat(stats.get("errors").asLong()).isZero();
    assertThat(s.get("/api/v1/metrics").text())
        .contains(
            "airlock_plugin_call_seconds_count{hook=\"echo\",outcome=\"ok\",plugin=\"echo\"} 1\n")
        .contains(
            "airlock_plugin_call_seconds_bucket{hook=\"echo\",outcome=\"ok\",plugin=\"echo\",le=")
        .contains("airlock_plugin_events_total{plugin=\"echo\",type=\"loaded\"} 1.0")
        // the first load compiled the module and stored it in the data directory's cache
        .contains("airlock_compile_cache_misses_total{cache=\"disk\"} 1.0")
        .contains("airlock_compile_cache_hits_total{cache=\"disk\"} 0.0");
    try (var entries = Files.walk(data.resolve("compile-cache"))) {
      assertThat(entries.filter(f -> f.toString().endsWith(".jar"))).hasSize(1);
    }

    assertThat(s.post("/api/v1/plugins/echo/disable", null).json().get("status").asText())
        .isEqualTo("disabled");
    assertThat(s.invoke("echo", "echo", "x").status()).isEqualTo(409);

    var events = s.get("/api/v1/plugins/echo/events").json().get("items");
    assertThat(events.findValuesAsText("type"))
        .containsSubsequence("loaded", "enabled", "disabled");

    assertThat(s.send("DELETE", "/api/v1/plugins/echo", ServerFixture.ADMIN, null, null).status())
        .isEqualTo(204);
    var gone = s.invoke("echo", "echo", "x");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(s.get("/api/v1/plugins/echo").status()).isEqualTo(404);
    assertThat(s.get("/api/v1/plugins").json().get("items")).isEmpty();
    try (var files = Files.list(data.resolve("plugins"))) {
      assertThat(files.toList()).isEmpty();
    }
    try (var blobs = Files.list(data.resolve("blobs/sha256"))) {
      assertThat(blobs.toList()).isEmpty();
    }
  }

  @Test
  void deleted_thenInstalledAgain_startsAfresh() throws Exception {
    assertThat(s.installExample("upload-policy").status()).isEqualTo(201);
    var configured =
        s.put("/api/v1/plugins/upload-policy/config", "{\"config\":{\"max_bytes\":100}}");
    assertThat(configured.status()).as(configured.text()).isEqualTo(200);
    assertThat(
            s.send("DELETE", "/api/v1/plugins/upload-policy", ServerFixture.ADMIN, null, null)
                .status())
        .isEqualTo(204);

    var again = s.installExample("upload-policy");
    assertThat(again.status()).as(again.text()).isEqualTo(201);
    // The configuration of the deleted plugin is gone with it, in the host as in the database.
    assertThat(again.json().get("config").size()).as(again.text()).isZero();
    assertThat(s.get("/api/v1/plugins/upload-policy").json().get("config").size()).isZero();
  }

  @Test
  void install_twice_isAConflict() throws Exception {
    assertThat(s.installExample("echo").status()).isEqualTo(201);
    var again = s.installExample("echo");
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("message").asText())
        .isEqualTo(
            "plugin 'echo' is installed already (version 1.0.0); update it with PUT"
                + " /api/v1/plugins/echo");
  }

  @Test
  void config_isValidatedAgainstTheSchema_withFieldErrors() throws Exception {
    s.installExample("upload-policy");
    var bad =
        s.put("/api/v1/plugins/upload-policy/config", "{\"config\":{\"max_bytes\":\"lots\"}}");
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("error").asText()).isEqualTo("invalid_config");
    assertThat(bad.json().get("details").get("problems").get(0).asText()).contains("max_bytes");
    var good = s.put("/api/v1/plugins/upload-policy/config", "{\"config\":{\"max_bytes\":100}}");
    assertThat(good.status()).as(good.text()).isEqualTo(200);
    assertThat(good.json().get("config").get("max_bytes").asText()).isEqualTo("100");
  }

  @Test
  void ifMatch_stale_is412_fresh_passes() throws Exception {
    s.installExample("echo");
    String etag = s.get("/api/v1/plugins/echo").header("ETag");
    assertThat(etag).startsWith("\"");
    var ok =
        s.send(
            "POST",
            "/api/v1/plugins/echo/enable",
            ServerFixture.ADMIN,
            null,
            null,
            Map.of("If-Match", etag));
    assertThat(ok.status()).isEqualTo(200);
    var stale =
        s.send(
            "POST",
            "/api/v1/plugins/echo/disable",
            ServerFixture.ADMIN,
            null,
            null,
            Map.of("If-Match", etag));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.json().get("error").asText()).isEqualTo("precondition_failed");
    assertThat(s.get("/api/v1/plugins/echo").json().get("status").asText()).isEqualTo("enabled");
  }

  @Test
  void ifMatch_staleOnUpdateConfigAndDelete_is412_changesNothing_freshPasses() throws Exception {
    var key = Artefacts.demoKey(data);
    byte[] v1 = Artefacts.tarGz(key, "echo", "relay", "1.0.0", List.of("echo"));
    byte[] v2 = Artefacts.tarGz(key, "echo", "relay", "2.0.0", List.of("echo"));
    var installed =
        s.upload(
            "POST", "/api/v1/plugins", new ServerFixture.Multipart().file("file", "r.tar.gz", v1));
    assertThat(installed.status()).as(installed.text()).isEqualTo(201);
    assertThat(s.installExample("upload-policy").status()).isEqualTo(201);
    String staleRelay = s.get("/api/v1/plugins/relay").header("ETag");
    String stalePolicy = s.get("/api/v1/plugins/upload-policy").header("ETag");
    assertThat(s.post("/api/v1/plugins/relay/enable", null).status()).isEqualTo(200);
    var configured =
        s.put("/api/v1/plugins/upload-policy/config", "{\"config\":{\"max_bytes\":100}}");
    assertThat(configured.status()).as(configured.text()).isEqualTo(200);
    JsonNode relayBefore = s.get("/api/v1/plugins/relay").json();
    List<Path> blobsBefore = list(data.resolve("blobs/sha256"));

    var m = new ServerFixture.Multipart().file("file", "r.tar.gz", v2);
    assertStale(
        s.send(
            "PUT",
            "/api/v1/plugins/relay",
            ServerFixture.ADMIN,
            m.bytes(),
            m.contentType(),
            Map.of("If-Match", staleRelay)),
        "relay");
    assertStale(
        s.send(
            "PUT",
            "/api/v1/plugins/upload-policy/config",
            ServerFixture.ADMIN,
            "{\"config\":{\"max_bytes\":5}}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "application/json",
            Map.of("If-Match", stalePolicy)),
        "upload-policy");
    assertStale(
        s.send(
            "DELETE",
            "/api/v1/plugins/relay",
            ServerFixture.ADMIN,
            null,
            null,
            Map.of("If-Match", staleRelay)),
        "relay");

    JsonNode relayAfter = s.get("/api/v1/plugins/relay").json();
    for (String field : List.of("version", "sha256", "status", "updated_at")) {
      assertThat(relayAfter.get(field))
          .as("relay %s after refused writes", field)
          .isEqualTo(relayBefore.get(field));
    }
    assertThat(s.invoke("relay", "echo", "still v1").text()).isEqualTo("still v1");
    assertThat(
            s.get("/api/v1/plugins/upload-policy").json().get("config").get("max_bytes").asText())
        .isEqualTo("100");
    assertThat(list(data.resolve("blobs/sha256"))).isEqualTo(blobsBefore);

    // The same requests with the current tags go through.
    String fresh = s.get("/api/v1/plugins/upload-policy").header("ETag");
    var config =
        s.send(
            "PUT",
            "/api/v1/plugins/upload-policy/config",
            ServerFixture.ADMIN,
            "{\"config\":{\"max_bytes\":5}}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "application/json",
            Map.of("If-Match", fresh));
    assertThat(config.status()).as(config.text()).isEqualTo(200);
    var updated =
        s.send(
            "PUT",
            "/api/v1/plugins/relay",
            ServerFixture.ADMIN,
            m.bytes(),
            m.contentType(),
            Map.of("If-Match", s.get("/api/v1/plugins/relay").header("ETag")));
    assertThat(updated.status()).as(updated.text()).isEqualTo(200);
    assertThat(updated.json().get("version").asText()).isEqualTo("2.0.0");
    var deleted =
        s.send(
            "DELETE",
            "/api/v1/plugins/relay",
            ServerFixture.ADMIN,
            null,
            null,
            Map.of("If-Match", updated.header("ETag")));
    assertThat(deleted.status()).as(deleted.text()).isEqualTo(204);
  }

  private static void assertStale(ServerFixture.Answer a, String id) throws Exception {
    assertThat(a.status()).as(a.text()).isEqualTo(412);
    assertThat(a.json().get("error").asText()).isEqualTo("precondition_failed");
    assertThat(a.json().get("message").asText())
        .startsWith("plugin '" + id + "' changed since you read it (If-Match ")
        .endsWith("); read it again and retry");
  }

  private static List<Path> list(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.sorted().toList();
    }
  }

  @Test
  void upload_signedWasm_withSignatureField_installs() throws Exception {
    byte[] wasm = ExamplePlugins.wasm("uppercase");
    var m =
        new ServerFixture.Multipart()
            .file("file", "uppercase.wasm", wasm)
            .file(
                "signature", "uppercase.sig", Artefacts.signatureOf(Artefacts.demoKey(data), wasm));
    var r = s.upload("POST", "/api/v1/plugins", m);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    assertThat(r.json().get("id").asText()).isEqualTo("uppercase");
    assertThat(r.json().get("source").asText()).isEqualTo("upload:uppercase.wasm");
    s.post("/api/v1/plugins/uppercase/enable", null);
    assertThat(s.invoke("uppercase", "uppercase", "abc").text()).isEqualTo("ABC");
  }

  @Test
  void upload_signedZipWithPluginToml_installsAFormatHandler() throws Exception {
    var zip = new dev.airlock.testing.ZipBuilder();
    zip.add(
        "plugin.toml",
        """
        [plugin]
        name = "wasm-format"
        version = "1.0.0"
        description = "A format handler for .wasm files"

        [format]
        key = "wasm"
        display_name = "WebAssembly"
        """);
    zip.add("plugin.wasm", ExamplePlugins.wasm("wasm-format"));
    byte[] bytes = zip.build();
    var r =
        s.upload(
            "POST",
            "/api/v1/plugins",
            new ServerFixture.Multipart()
                .file("file", "wasm-format.zip", bytes)
                .file(
                    "signature",
                    "wasm-format.zip.sig",
                    Artefacts.signatureOf(Artefacts.demoKey(data), bytes)));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    assertThat(r.json().get("plugin_type").asText()).isEqualTo("format_handler");
    assertThat(r.json().get("signer").asText()).isEqualTo("demo");
    try (var files = Files.list(data.resolve("plugins"))) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("wasm-format.zip", "wasm-format.zip.sig");
    }
    var filtered = s.get("/api/v1/plugins?type=format_handler&status=disabled").json().get("items");
    assertThat(filtered).hasSize(1);
    assertThat(s.get("/api/v1/plugins?status=enabled").json().get("items")).isEmpty();
  }

  @Test
  void invoke_unknownHook_is404() throws Exception {
    s.installExample("echo");
    s.post("/api/v1/plugins/echo/enable", null);
    var r = s.invoke("echo", "nope", "x");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().get("error").asText()).isEqualTo("not_found");
  }

  @Test
  void upload_unsignedWasm_isRefusedWith422_andNothingStored() throws Exception {
    var r =
        s.upload(
            "POST",
            "/api/v1/plugins",
            new ServerFixture.Multipart().file("file", "echo.wasm", ExamplePlugins.wasm("echo")));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("error").asText()).isEqualTo("verification_failed");
    assertThat(r.json().get("message").asText())
        .isEqualTo("artefact has no signature but trust root is active");
    assertNothingStored();
  }

  @Test
  void upload_tamperedTarGz_isRefusedWithTheReadersReason() throws Exception {
    byte[] good =
        Artefacts.tarGz(Artefacts.demoKey(data), "echo", "echo", "1.0.0", List.of("echo"));
    byte[] bad = good.clone();
    bad[bad.length / 2] ^= 0x55;
    var r =
        s.upload(
            "POST", "/api/v1/plugins", new ServerFixture.Multipart().file("file", "e.tar.gz", bad));
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("error").asText()).isEqualTo("invalid_artefact");
    assertThat(r.json().get("message").asText()).isNotBlank();
    assertNothingStored();
  }

  @Test
  void update_newerVersion_reloads_olderIsRefusedUnlessAllowed() throws Exception {
    var key = Artefacts.demoKey(data);
    var v1 = Artefacts.tarGz(key, "echo", "relay", "1.0.0", List.of("echo"));
    var v2 = Artefacts.tarGz(key, "uppercase", "relay", "2.0.0", List.of("uppercase"));
    assertThat(
            s.upload(
                    "POST",
                    "/api/v1/plugins",
                    new ServerFixture.Multipart().file("file", "r.tar.gz", v1))
                .status())
        .isEqualTo(201);
    s.post("/api/v1/plugins/relay/enable", null);
    assertThat(s.invoke("relay", "echo", "abc").text()).isEqualTo("abc");

    var up =
        s.upload(
            "PUT",
            "/api/v1/plugins/relay",
            new ServerFixture.Multipart().file("file", "r.tar.gz", v2));
    assertThat(up.status()).as(up.text()).isEqualTo(200);
    assertThat(up.json().get("version").asText()).isEqualTo("2.0.0");
    assertThat(up.json().get("status").asText()).isEqualTo("enabled");
    assertThat(s.invoke("relay", "uppercase", "abc").text()).isEqualTo("ABC");

    var down =
        s.upload(
            "PUT",
            "/api/v1/plugins/relay",
            new ServerFixture.Multipart().file("file", "r.tar.gz", v1));
    assertThat(down.status()).isEqualTo(409);
    assertThat(down.json().get("message").asText())
        .isEqualTo(
            "rollback refused: plugin 'relay' runs version 2.0.0 and the upload holds older 1.0.0;"
                + " add ?allow_downgrade=true to accept it");
    var allowed =
        s.upload(
            "PUT",
            "/api/v1/plugins/relay?allow_downgrade=true",
            new ServerFixture.Multipart().file("file", "r.tar.gz", v1));
    assertThat(allowed.status()).as(allowed.text()).isEqualTo(200);
    assertThat(s.invoke("relay", "echo", "abc").text()).isEqualTo("abc");
    try (var blobs = Files.list(data.resolve("blobs/sha256"))) {
      assertThat(blobs.toList()).hasSize(1); // the 2.0.0 blob went with its version
    }
  }

  @Test
  void jsonSources_withoutSettings_answer422_sayingSo() throws Exception {
    var reg = s.post("/api/v1/plugins", "{\"source\":\"registry\",\"name\":\"relay\"}");
    assertThat(reg.status()).isEqualTo(422);
    assertThat(reg.json().get("error").asText()).isEqualTo("source_unavailable");
    assertThat(reg.json().get("message").asText())
        .isEqualTo(
            "source 'registry' needs a catalog index and none is configured: start the server"
                + " with --index PATH|URL (or AIRLOCK_INDEX)");
    var git = s.post("/api/v1/plugins", "{\"source\":\"git\",\"repository\":\"https://x\"}");
    assertThat(git.status()).isEqualTo(400);
    assertThat(git.json().get("message").asText())
        .isEqualTo("source 'git' needs the field 'ref' (a non-empty string)");
    var unknown = s.post("/api/v1/plugins", "{\"source\":\"ftp\"}");
    assertThat(unknown.status()).isEqualTo(400);
  }

  @Test
  void stateAndConfig_surviveARestart() throws Exception {
    s.installExample("echo");
    s.installExample("upload-policy");
    s.post("/api/v1/plugins/echo/enable", null);
    s.put("/api/v1/plugins/upload-policy/config", "{\"config\":{\"max_bytes\":7}}");
    s.close();
    s = open();
    assertThat(s.get("/api/v1/plugins/echo").json().get("status").asText()).isEqualTo("enabled");
    assertThat(s.invoke("echo", "echo", "again").text()).isEqualTo("again");
    var up = s.get("/api/v1/plugins/upload-policy").json();
    assertThat(up.get("status").asText()).isEqualTo("disabled");
    assertThat(up.get("config").get("max_bytes").asText()).isEqualTo("7");
    assertThat(s.get("/api/v1/plugins/echo/events").json().get("items").findValuesAsText("type"))
        .contains("enabled");
  }

  @Test
  void logs_filterByLevelAndLimit() throws Exception {
    s.installExample("greeter");
    s.post("/api/v1/plugins/greeter/enable", null);
    for (int i = 0; i < 3; i++) {
      assertThat(s.invoke("greeter", "greet", "Ada").status()).isEqualTo(200);
    }
    var logs = s.get("/api/v1/plugins/greeter/logs?limit=2&level=info").json().get("items");
    assertThat(logs).hasSize(2);
    assertThat(logs.get(1).get("message").asText()).isEqualTo("greet call 3");
    assertThat(s.get("/api/v1/plugins/greeter/logs?level=error").json().get("items")).isEmpty();
    assertThat(s.get("/api/v1/plugins/greeter/logs?limit=0").status()).isEqualTo(400);
    assertThat(s.get("/api/v1/plugins/greeter/logs?since=2999-01-01T00:00:00Z").json().get("items"))
        .isEmpty();
    assertThat(s.get("/api/v1/plugins/greeter/logs?since=2000-01-01T00:00:00Z").json().get("items"))
        .hasSize(3);
    var badSince = s.get("/api/v1/plugins/greeter/logs?since=yesterday");
    assertThat(badSince.status()).isEqualTo(400);
    assertThat(badSince.json().get("message").asText())
        .isEqualTo(
            "since 'yesterday' is not valid: expected an ISO-8601 instant such as"
                + " 2026-01-01T00:00:00Z");
  }

  @Test
  void contractTest_runsTheSample() throws Exception {
    s.installExample("cost-governor");
    var r =
        s.send(
            "POST",
            "/api/v1/plugins/cost-governor/test",
            ServerFixture.ADMIN,
            "{\"query\":\"SELECT * FROM users\",\"tables\":[\"users\"]}".getBytes(),
            "application/json");
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    assertThat(r.json().get("passed").asBoolean()).isTrue();
    assertThat(r.json().get("steps").get(0).get("hook").asText()).isEqualTo("pre_query");
    assertThat(r.json().get("steps").get(0).get("value").asText()).contains("LIMIT");
  }

  private void assertNothingStored() throws Exception {
    assertThat(s.get("/api/v1/plugins").json().get("items")).isEmpty();
    try (var blobs = Files.list(data.resolve("blobs/sha256"))) {
      assertThat(blobs.toList()).isEmpty();
    }
    try (var files = Files.list(data.resolve("plugins"))) {
      assertThat(files.toList()).isEmpty();
    }
    try (var tmp = Files.list(data.resolve("tmp"))) {
      assertThat(tmp.filter(p -> p.getFileName().toString().startsWith("install-")).toList())
          .isEmpty();
    }
  }
}
