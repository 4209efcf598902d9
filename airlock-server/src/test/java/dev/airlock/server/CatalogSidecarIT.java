package dev.airlock.server;

import static dev.airlock.server.SourceFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bare module's sidecar manifest through the server's whole life: installed from a real git
 * repository (made with the git binary), updated and rolled back, restored at a restart, dropped
 * when a bare upload without one replaces it, and deleted with its plugin (no orphan blob).
 */
class CatalogSidecarIT {
  @TempDir Path tmp;
  ServerFixture s;
  PrivateKey key;
  Path repo;
  String url;

  @BeforeEach
  void setUp() throws Exception {
    Processes.require("git");
    s = start();
    key = Artefacts.demoKey(s.data);
    repo = Files.createDirectories(tmp.resolve("relay-plugin"));
    CatalogSourcesIT.git(repo, "init", "-q", "-b", "main");
    byte[] wasm = ExamplePlugins.wasm("wasm-format");
    Files.write(repo.resolve("plugin.wasm"), wasm);
    Files.write(repo.resolve("plugin.wasm.sig"), Artefacts.signatureOf(key, wasm));
    for (String v : List.of("0.3.0", "0.4.0")) {
      Files.writeString(repo.resolve("plugin.toml"), SourceFixtures.formatToml("relay", v));
      CatalogSourcesIT.git(repo, "add", "-A");
      CatalogSourcesIT.git(repo, "commit", "-q", "-m", v);
      CatalogSourcesIT.git(repo, "tag", "v" + v);
    }
    url = "git+" + repo.toUri();
  }

  @AfterEach
  void tearDown() {
    s.close();
  }

  /** Starts (or restarts) the server on the same data directory and database. */
  ServerFixture start() throws Exception {
    return SourceFixtures.start(
        tmp.resolve("data"),
        SourceOptions.defaults().withAllowLocalGit(true),
        Map.of(),
        ServerOptions.DEFAULT_MAX_UPLOAD,
        database());
  }

  /** The database's JDBC URL; empty for the default SQLite file. */
  Optional<String> database() throws Exception {
    return Optional.empty();
  }

  String git(String ref) {
    return json("source", "git", "repository", url, "ref", ref);
  }

  List<String> files(String dir) throws Exception {
    try (Stream<Path> w = Files.walk(s.data.resolve(dir))) {
      return w.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  Path sidecar() {
    return s.data.resolve("plugins/relay.json");
  }

  @Test
  void updateAndRollback_carryTheSidecar_restartRestoresIt_deleteRemovesIt() throws Exception {
    var a = s.post("/api/v1/plugins", git("v0.3.0"));
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    assertThat(a.json().get("version").asText()).isEqualTo("0.3.0");
    assertThat(Files.readString(sidecar())).contains("\"0.3.0\"");

    var up = s.put("/api/v1/plugins/relay", git("v0.4.0"));
    assertThat(up.status()).as(up.text()).isEqualTo(200);
    assertThat(up.json().get("version").asText()).isEqualTo("0.4.0");
    assertThat(Files.readString(sidecar())).contains("\"0.4.0\"");
    assertThat(s.put("/api/v1/plugins/relay", git("v0.3.0")).status()).isEqualTo(409);
    var back = s.put("/api/v1/plugins/relay?allow_downgrade=true", git("v0.3.0"));
    assertThat(back.status()).as(back.text()).isEqualTo(200);
    assertThat(back.json().get("version").asText()).isEqualTo("0.3.0");
    byte[] kept = Files.readAllBytes(sidecar());
    assertThat(new String(kept, java.nio.charset.StandardCharsets.UTF_8)).contains("\"0.3.0\"");
    // module, signature and sidecar manifest of the current version only: the rest was dropped
    assertThat(files("blobs")).hasSize(3);

    s.close();
    Files.delete(sidecar());
    s = start();
    assertThat(Files.readAllBytes(sidecar())).isEqualTo(kept);
    var after = s.get("/api/v1/plugins/relay");
    assertThat(after.json().get("version").asText()).isEqualTo("0.3.0");
    assertThat(after.json().get("hooks")).hasSize(4);
    assertThat(s.post("/api/v1/plugins/relay/enable", null).status()).isEqualTo(200);
    assertThat(s.invoke("relay", "format_key", "").text()).isEqualTo("wasm");

    var gone = s.send("DELETE", "/api/v1/plugins/relay", ServerFixture.ADMIN, null, null);
    assertThat(gone.status()).as(gone.text()).isIn(200, 204);
    assertThat(files("plugins")).isEmpty();
    assertThat(files("blobs")).isEmpty();
  }

  @Test
  void bareUploadWithoutASidecar_replacesTheModule_andDropsTheStaleSidecar() throws Exception {
    var a = s.post("/api/v1/plugins", git("v0.4.0"));
    assertThat(a.status()).as(a.text()).isEqualTo(201);
    assertThat(files("plugins")).containsExactly("relay.json", "relay.sig", "relay.wasm");
    byte[] wasm = ExamplePlugins.wasm("wasm-format");
    var bare =
        s.upload(
            "PUT",
            "/api/v1/plugins/relay?allow_downgrade=true",
            new ServerFixture.Multipart()
                .file("file", "relay.wasm", wasm)
                .file("signature", "relay.sig", Artefacts.signatureOf(key, wasm)));
    assertThat(bare.status()).as(bare.text()).isEqualTo(200);
    assertThat(bare.json().get("version").asText()).isEqualTo("0.0.0");
    assertThat(bare.json().get("hooks")).isEmpty();
    assertThat(files("plugins")).containsExactly("relay.sig", "relay.wasm");
    assertThat(files("blobs")).hasSize(2);
  }
}
