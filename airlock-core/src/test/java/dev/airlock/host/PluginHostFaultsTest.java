package dev.airlock.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.runtime.Limits;
import dev.airlock.runtime.PluginTimeoutException;
import dev.airlock.testing.HostileModules;
import dev.airlock.testing.TestKeys;
import dev.airlock.trust.ArtefactSigner;
import dev.airlock.trust.TrustRoot;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Half-copied files, event floods, reload storms and misbehaving plugins under load. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PluginHostFaultsTest {
  @TempDir Path root;
  Path dir;
  KeyPair alice;
  PluginHost host;
  final List<HostEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
  static final byte[] ECHO = HostFixtures.example("echo");
  static final byte[] UPPER = HostFixtures.example("uppercase");

  /** Accepts the watcher's schedule but never runs it: the test calls tick() itself. */
  static final class ManualScheduler extends ScheduledThreadPoolExecutor {
    ManualScheduler() {
      super(1);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable r, long d, long p, TimeUnit u) {
      return super.schedule(() -> {}, 1, TimeUnit.DAYS);
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createDirectories(root.resolve("plugins"));
    alice = TestKeys.ed25519();
    TestKeys.writePemPub(root.resolve("trust"), "alice", alice);
  }

  @AfterEach
  void tearDown() {
    if (host != null) {
      host.close();
    }
  }

  PluginHost start(PluginHostBuilder b) throws Exception {
    host =
        b.pluginsDirectory(dir)
            .trustRoot(TrustRoot.load(root.resolve("trust")))
            .debounce(Duration.ZERO)
            .build();
    host.addListener(events::add);
    host.start();
    return host;
  }

  byte[] artefact(String name, String version, byte[] wasm, String hook) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ArtefactSigner.pack(
        HostFixtures.manifest(name, version, wasm, List.of(hook), Optional.empty()),
        wasm,
        alice.getPrivate(),
        out);
    return out.toByteArray();
  }

  @Test
  void halfCopiedFile_failsCleanly_thenLoadsWhenComplete() throws Exception {
    start(PluginHost.builder().hotReload(false));
    byte[] full = artefact("p", "1.0.0", ECHO, "echo");
    Path file = dir.resolve("p.tar.gz");
    Files.write(file, java.util.Arrays.copyOf(full, full.length / 2));

    host.fileChanged(file);
    assertThat(host.plugin("p.tar.gz").orElseThrow().failure().orElseThrow())
        .startsWith("p.tar.gz: artefact is truncated");
    assertThat(host.plugin("p")).isEmpty();

    Files.write(file, full);
    host.fileChanged(file);
    assertThat(host.plugin("p").orElseThrow().status()).isEqualTo(PluginStatus.ENABLED);
  }

  @Test
  void eventFlood_overflowTriggersAFullRescan() throws Exception {
    start(PluginHost.builder().scheduler(new ManualScheduler()));
    Files.write(dir.resolve("flood.tar.gz"), artefact("flood", "1.0.0", ECHO, "echo"));
    for (int i = 0; i < 700; i++) {
      Files.writeString(dir.resolve("junk-" + i + ".txt"), "x");
    }

    host.tick();

    assertThat(events).anyMatch(e -> e.type() == HostEvent.Type.RESCANNED);
    assertThat(host.plugin("flood").orElseThrow().status()).isEqualTo(PluginStatus.ENABLED);
  }

  @Test
  void thousandReloads_keepThreadsFilesAndHeapFlat() throws Exception {
    Path file = dir.resolve("cycle.tar.gz");
    Files.write(file, artefact("cycle", "1.0.0", ECHO, "echo"));
    start(PluginHost.builder().hotReload(false));
    for (int i = 1; i <= 20; i++) { // warm up caches before measuring
      reload(file, i);
    }
    System.gc();
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    long fds = openFiles();
    long heap = usedHeap();

    for (int i = 21; i <= 1020; i++) {
      reload(file, i);
    }

    assertThat(host.plugin("cycle").orElseThrow().version()).contains("1.0.1020");
    assertThat(events.stream().filter(e -> e.type() == HostEvent.Type.RELOADED).count())
        .isEqualTo(1020);
    assertThat(ManagementFactory.getThreadMXBean().getThreadCount())
        .isLessThanOrEqualTo(threads + 2);
    assertThat(openFiles()).isLessThanOrEqualTo(fds + 10);
    assertThat(usedHeap()).isLessThan(heap + (64L << 20));
  }

  private void reload(Path file, int i) throws Exception {
    Files.write(
        file,
        artefact(
            "cycle", "1.0." + i, i % 2 == 0 ? ECHO : UPPER, i % 2 == 0 ? "echo" : "uppercase"));
    host.fileChanged(file);
    String hook = i % 2 == 0 ? "echo" : "uppercase";
    assertThat(new String(host.call("cycle", hook, "ab".getBytes(UTF_8)).output(), UTF_8))
        .isEqualTo(i % 2 == 0 ? "ab" : "AB");
  }

  private static long openFiles() throws Exception {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static long usedHeap() {
    System.gc();
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

  @Test
  void aPluginTimingOutUnderLoad_doesNotStopTheOthers() throws Exception {
    Files.write(
        dir.resolve("spin.tar.gz"),
        artefact("spin", "1.0.0", HostileModules.infiniteLoop(), "run"));
    Files.write(dir.resolve("echo.tar.gz"), artefact("echo", "1.0.0", ECHO, "echo"));
    start(
        PluginHost.builder()
            .hotReload(false)
            .defaultLimits(Limits.builder().timeout(Duration.ofMillis(100)).build()));

    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<Integer>> spinners = new ArrayList<>();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    for (int t = 0; t < 2; t++) {
      spinners.add(
          pool.submit(
              () -> {
                int timeouts = 0;
                while (System.nanoTime() < end) {
                  try {
                    host.call("spin", "run", new byte[0]);
                  } catch (PluginTimeoutException e) {
                    timeouts++;
                  }
                }
                return timeouts;
              }));
    }
    int ok = 0;
    for (int i = 0; i < 200; i++) {
      String in = "call " + i;
      if (new String(host.call("echo", "echo", in.getBytes(UTF_8)).output(), UTF_8).equals(in)) {
        ok++;
      }
    }
    int timeouts = 0;
    for (Future<Integer> f : spinners) {
      timeouts += f.get();
    }
    pool.shutdown();

    assertThat(ok).isEqualTo(200);
    assertThat(timeouts).isPositive();
    PluginStats spin = host.plugin("spin").orElseThrow().stats();
    assertThat(spin.timeouts()).isEqualTo(spin.calls()).isEqualTo(timeouts);
    assertThat(host.plugin("echo").orElseThrow().stats().errors()).isZero();
  }
}
