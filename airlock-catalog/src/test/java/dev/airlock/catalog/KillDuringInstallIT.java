package dev.airlock.catalog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 at each install step, with the installer in a child JVM: afterwards the plugins directory
 * holds exactly the old or the new plugin, and the next install leaves no temporary file.
 */
class KillDuringInstallIT {
  static final byte[] ECHO = Fixtures.example("echo");

  @TempDir Path tmp;
  Path repo;
  Path plugins;
  byte[] v1;
  byte[] v2;

  @BeforeEach
  void setUp() throws Exception {
    repo = Files.createDirectories(tmp.resolve("repo"));
    plugins = tmp.resolve("plugins");
    Publisher p = new Publisher(java.time.Clock.systemUTC(), Publisher.DEFAULT_VALIDITY);
    Path a1 = Fixtures.pack(repo, "echo", "1.0.0", ECHO, null);
    Path a2 = Fixtures.pack(repo, "echo", "2.0.0", ECHO, null);
    p.add(repo.resolve("index.json"), a1, Optional.empty(), Optional.empty());
    v1 = Files.readAllBytes(a1);
    v2 = Files.readAllBytes(a2);
    Installer.builder()
        .fetcher(Fetcher.create())
        .allowUnsignedIndex(true)
        .build()
        .install(Source.parse("echo", repo.resolve("index.json").toString()), plugins);
    p.add(repo.resolve("index.json"), a2, Optional.empty(), Optional.empty());
  }

  @ParameterizedTest
  @EnumSource(
      value = InstallStep.class,
      names = {"RESOLVED", "FETCHED", "VERIFIED", "PLACED", "RECORDED"})
  void killedAtStep_leavesTheOldOrTheNewPlugin(InstallStep step) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                InstallChild.class.getName(),
                repo.resolve("index.json").toString(),
                "echo",
                plugins.toString(),
                step.name())
            .redirectErrorStream(true)
            .start();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && !line.equals("AT " + step)) {
        // skip the JVM's own output
      }
      assertThat(line).as("child reached " + step).isEqualTo("AT " + step);
      child.destroyForcibly(); // SIGKILL on Linux
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(child.exitValue()).isEqualTo(137);

    // What the host's watcher can see: exactly one plugin file, whole.
    TreeSet<String> seen = new TreeSet<>();
    try (var s = Files.list(plugins)) {
      s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).forEach(seen::add);
    }
    assertThat(seen).containsExactly("echo.tar.gz");
    byte[] now = Files.readAllBytes(plugins.resolve("echo.tar.gz"));
    boolean placed = step == InstallStep.PLACED || step == InstallStep.RECORDED;
    assertThat(now).isEqualTo(placed ? v2 : v1);

    // The next install removes what the killed one left and finishes the job.
    InstallReport r =
        Installer.builder()
            .fetcher(Fetcher.create())
            .allowUnsignedIndex(true)
            .build()
            .install(Source.parse("echo", repo.resolve("index.json").toString()), plugins);
    assertThat(r.version()).isEqualTo("2.0.0");
    assertThat(Fixtures.visible(plugins)).containsExactly(".airlock-catalog.json", "echo.tar.gz");
    assertThat(List.of(Files.readAllBytes(plugins.resolve("echo.tar.gz")))).containsExactly(v2);
  }
}
