package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server (a child JVM) killed with SIGKILL in the middle of installs, then restarted: the
 * plugin is at its old or its new version, no blob is orphaned, and the database, the plugins
 * directory and the running host agree.
 */
class KillNineIT {
  @TempDir Path data;

  @Test
  void killedMidInstall_restartsOldOrNew_noOrphans() throws Exception {
    Child c = Child.start(data);
    var key = Artefacts.demoKey(data);
    List<byte[]> versions = new ArrayList<>();
    for (int v = 0; v < 7; v++) {
      versions.add(Artefacts.tarGz(key, "echo", "crash", "1." + v + ".0", List.of("echo")));
    }
    assertThat(c.upload("POST", "/api/v1/plugins", versions.get(0)).status()).isEqualTo(201);
    assertThat(c.fixture.post("/api/v1/plugins/crash/enable", null).status()).isEqualTo(200);
    Random rnd = new Random(42);
    String known = "1.0.0";
    for (int v = 1; v < versions.size(); v++) {
      byte[] next = versions.get(v);
      Child running = c;
      CompletableFuture<Integer> update =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return running.upload("PUT", "/api/v1/plugins/crash", next).status();
                } catch (Exception e) {
                  return -1; // killed under it
                }
              });
      Thread.sleep(rnd.nextInt(120));
      c.process.destroyForcibly(); // SIGKILL
      assertThat(c.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      update.get(60, TimeUnit.SECONDS);
      c = Child.start(data);
      var p = c.fixture.get("/api/v1/plugins/crash").json();
      String version = p.get("version").asText();
      assertThat(version).isIn(known, "1." + v + ".0");
      known = version;
      assertThat(p.get("status").asText()).isEqualTo("enabled");
      assertThat(p.get("failure").isNull()).isTrue();
      Set<String> files = names(data.resolve("plugins"));
      Set<String> blobs = names(data.resolve("blobs/sha256"));
      assertThat(files).containsExactly("crash.tar.gz");
      assertThat(blobs).containsExactly(p.get("sha256").asText());
      assertThat(BlobStore.sha256(data.resolve("plugins/crash.tar.gz")))
          .isEqualTo(p.get("sha256").asText());
      assertThat(c.fixture.invoke("crash", "echo", "still here").text()).isEqualTo("still here");
    }
    c.process.destroyForcibly();
    c.process.waitFor(30, TimeUnit.SECONDS);
  }

  private static Set<String> names(Path dir) throws Exception {
    Set<String> s = new HashSet<>();
    try (var l = Files.list(dir)) {
      l.forEach(p -> s.add(p.getFileName().toString()));
    }
    return s;
  }

  /** A server in its own JVM. */
  record Child(Process process, ServerFixture.Remote fixture) {
    static Child start(Path data) throws Exception {
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--enable-native-access=ALL-UNNAMED",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ServerMain.class.getName(),
                  data.toString())
              .redirectErrorStream(true)
              .start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      StringBuilder seen = new StringBuilder();
      while ((line = out.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.startsWith("READY ")) {
          int port = Integer.parseInt(line.substring(6).strip());
          Thread drain =
              Thread.ofVirtual()
                  .unstarted(
                      () -> {
                        try {
                          out.transferTo(java.io.Writer.nullWriter());
                        } catch (java.io.IOException ignored) {
                          // the child died
                        }
                      });
          drain.start();
          return new Child(p, new ServerFixture.Remote(port));
        }
      }
      throw new IllegalStateException("the child server did not start:\n" + seen);
    }

    ServerFixture.Answer upload(String method, String path, byte[] artefact) throws Exception {
      return fixture.upload(
          method, path, new ServerFixture.Multipart().file("file", "c.tar.gz", artefact));
    }
  }
}
