package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an unclean stop can leave behind, made on purpose, and repaired at the next start: an orphan
 * blob and a half-written one, a stray and a half-copied plugin file, a plugin file that is missing
 * or was changed by hand, leftovers in tmp.
 */
class RecoveryIT {
  @TempDir Path data;

  @Test
  void start_repairsTheDirectoryAndDropsOrphans() throws Exception {
    String sha;
    try (ServerFixture s = ServerFixture.start(data)) {
      var r = s.installExample("echo");
      sha = r.json().get("sha256").asText();
      s.post("/api/v1/plugins/echo/enable", null);
    }
    Path blobs = data.resolve("blobs/sha256");
    Path plugins = data.resolve("plugins");
    Files.writeString(
        blobs.resolve("ab".repeat(32)), "orphan from an install that never committed");
    Files.writeString(blobs.resolve("." + "cd".repeat(32) + ".part"), "half-written blob");
    Files.writeString(plugins.resolve("stray.tar.gz"), "a file no installed plugin owns");
    // A half-copied file: restoring echo.tar.gz writes through the same temporary name.
    Files.writeString(plugins.resolve(".echo.tar.gz.part"), "half-copied");
    Files.writeString(plugins.resolve("echo.tar.gz"), "changed by hand");
    Files.createDirectories(data.resolve("tmp/install-123")).resolve("upload.bin");
    try (ServerFixture s = ServerFixture.start(data)) {
      assertThat(s.server.recovered())
          .contains(
              "restored echo.tar.gz (echo 1.0.0)",
              "removed stray.tar.gz (no installed plugin owns it)",
              "deleted unreferenced blob " + "ab".repeat(32));
      try (var l = Files.list(blobs)) {
        assertThat(l.map(p -> p.getFileName().toString()).toList()).containsExactly(sha);
      }
      try (var l = Files.list(plugins)) {
        assertThat(l.map(p -> p.getFileName().toString()).toList()).containsExactly("echo.tar.gz");
      }
      try (var l = Files.list(data.resolve("tmp"))) {
        assertThat(l.toList()).isEmpty();
      }
      assertThat(BlobStore.sha256(plugins.resolve("echo.tar.gz"))).isEqualTo(sha);
      assertThat(s.invoke("echo", "echo", "repaired").text()).isEqualTo("repaired");
    }
  }

  @Test
  void missingBlob_dropsTheRecord_withAReason() throws Exception {
    String sha;
    try (ServerFixture s = ServerFixture.start(data)) {
      sha = s.installExample("echo").json().get("sha256").asText();
    }
    Files.delete(data.resolve("blobs/sha256").resolve(sha));
    try (ServerFixture s = ServerFixture.start(data)) {
      assertThat(s.server.recovered()).contains("dropped echo: its stored file is missing");
      assertThat(s.get("/api/v1/plugins").json().get("items")).isEmpty();
      assertThat(s.get("/api/v1/plugins/echo").status()).isEqualTo(404);
    }
  }
}
