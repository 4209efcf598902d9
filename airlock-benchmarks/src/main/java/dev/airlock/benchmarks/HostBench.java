package dev.airlock.benchmarks;

import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.contract.HookOutcome;
import dev.airlock.contract.QueryAction;
import dev.airlock.contract.QueryContext;
import dev.airlock.contract.RequestContext;
import dev.airlock.host.HostEvent;
import dev.airlock.host.PluginHost;
import dev.airlock.runtime.Isolation;
import dev.airlock.trust.ArtefactSigner;
import dev.airlock.trust.Ed25519Keys;
import dev.airlock.trust.TrustRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The plugin host's two numbers: hot-reload latency (an atomic rename into the watched directory
 * until a call is answered by the new version) and the cost of dispatching {@code pre_query}
 * through the contract facade over 10 plugins against 10 direct calls.
 *
 * <p>Run: {@code java -cp airlock-benchmarks/target/benchmarks.jar dev.airlock.benchmarks.HostBench
 * [reloads] [fanout-seconds]}.
 */
public final class HostBench {
  private HostBench() {}

  /**
   * Runs both measurements and prints them.
   *
   * @param args optional: number of reloads (default 100), fan-out seconds (default 10)
   * @throws Exception when anything fails
   */
  public static void main(String[] args) throws Exception {
    int reloads = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    Path root = Files.createTempDirectory("airlock-host-bench");
    KeyPair key = Ed25519Keys.generate();
    Files.createDirectories(root.resolve("trust"));
    Files.writeString(root.resolve("trust/bench.pub"), Ed25519Keys.toPem(key.getPublic()));
    byte[] governor = ExamplePlugins.wasm("cost-governor");
    reload(root, key, governor, reloads);
    fanOut(root, key, governor, seconds);
  }

  private static void reload(Path root, KeyPair key, byte[] wasm, int n) throws Exception {
    Path dir = Files.createDirectories(root.resolve("reload"));
    Path staged = root.resolve("staged.tar.gz");
    ArtefactSigner.packTo(
        manifest("p", "1.0.0", wasm), wasm, key.getPrivate(), dir.resolve("p.tar.gz"));
    long[] latencies = new long[n];
    byte[] query =
        "{\"query\":\"SELECT 1 LIMIT 1\",\"tables\":[]}".getBytes(StandardCharsets.UTF_8);
    try (PluginHost host =
        PluginHost.builder()
            .pluginsDirectory(dir)
            .trustRoot(TrustRoot.load(root.resolve("trust")))
            .build()) {
      host.start();
      for (int i = 0; i < n; i++) {
        String version = "1.0." + (i + 1);
        ArtefactSigner.packTo(manifest("p", version, wasm), wasm, key.getPrivate(), staged);
        CountDownLatch reloaded = new CountDownLatch(1);
        host.addListener(
            e -> {
              if (e.type() == HostEvent.Type.RELOADED && e.message().startsWith(version + " ")) {
                reloaded.countDown();
              }
            });
        long t0 = System.nanoTime();
        Files.move(
            staged,
            dir.resolve("p.tar.gz"),
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        if (!reloaded.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("reload " + version + " not seen within 10 s");
        }
        host.call("p", "pre_query", query); // the first call answered by the new version
        latencies[i] = System.nanoTime() - t0;
      }
      System.out.printf(
          Locale.ROOT,
          "hot reload (debounce %d ms), rename → first call on the"
              + " new version: n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          host.settings().debounce().toMillis(),
          n,
          pct(latencies, 0.5),
          pct(latencies, 0.99),
          pct(latencies, 1.0));
    }
  }

  private static void fanOut(Path root, KeyPair key, byte[] wasm, int seconds) throws Exception {
    Path dir = Files.createDirectories(root.resolve("fanout"));
    for (int i = 0; i < 10; i++) {
      ArtefactSigner.packTo(
          manifest("gov-" + i, "1.0.0", wasm),
          wasm,
          key.getPrivate(),
          dir.resolve("gov-" + i + ".tar.gz"));
    }
    String sql = "SELECT id FROM users WHERE id = 7 LIMIT 1";
    QueryContext query =
        new QueryContext(
            sql, sql.toLowerCase(Locale.ROOT), List.of("users"), true, RequestContext.of("bench"));
    byte[] json =
        ("{\"query\":\""
                + sql
                + "\",\"normalized_query\":\""
                + sql.toLowerCase(Locale.ROOT)
                + "\",\"tables\":[\"users\"],\"read_only\":true,"
                + "\"context\":{\"request_id\":\"bench\"}}")
            .getBytes(StandardCharsets.UTF_8);
    try (PluginHost host =
        PluginHost.builder()
            .pluginsDirectory(dir)
            .trustRoot(TrustRoot.load(root.resolve("trust")))
            .hotReload(false)
            .isolation(Isolation.POOLED)
            .build()) {
      host.start();
      var proxy = host.proxyHooks();
      List<String> names = host.plugins().stream().map(p -> p.name()).toList();
      Runnable facade =
          () -> {
            HookOutcome<QueryAction> r = proxy.preQuery(query);
            if (!(r.value() instanceof QueryAction.Continue) || r.called().size() != 10) {
              throw new IllegalStateException("unexpected outcome " + r);
            }
          };
      Runnable direct =
          () -> {
            try {
              for (String name : names) {
                if (host.call(name, "pre_query", json).output().length != 0) {
                  throw new IllegalStateException(name + " did not continue");
                }
              }
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          };
      for (int round = 0; round < 3; round++) { // interleaved, so noise hits both alike
        double d = time(direct, seconds / 3.0);
        double f = time(facade, seconds / 3.0);
        System.out.printf(
            Locale.ROOT,
            "fan-out over 10 pre_query plugins: round %d: facade"
                + " %.1f µs, 10 direct calls %.1f µs, ratio %.2f%n",
            round + 1,
            f,
            d,
            f / d);
      }
    }
  }

  /** Mean µs per run of {@code r} over {@code seconds}, after a warm-up of the same length. */
  private static double time(Runnable r, double seconds) {
    long span = (long) (seconds * 1e9);
    for (long end = System.nanoTime() + span; System.nanoTime() < end; ) {
      r.run();
    }
    long n = 0;
    long t0 = System.nanoTime();
    for (long end = t0 + span; System.nanoTime() < end; n++) {
      r.run();
    }
    return (System.nanoTime() - t0) / 1e3 / n;
  }

  private static double pct(long[] values, double q) {
    long[] s = values.clone();
    Arrays.sort(s);
    int i = (int) Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
    return s[i] / 1e6;
  }

  private static Manifest manifest(String name, String version, byte[] wasm) throws Exception {
    return new Manifest(
        Manifest.SCHEMA_VERSION,
        name,
        SemanticVersion.parse(version),
        "",
        "",
        List.of("pre_query"),
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wasm)),
        Optional.empty(),
        Permissions.NONE,
        Optional.empty(),
        Instant.EPOCH,
        "",
        "",
        Optional.<dev.airlock.artefact.ConfigSchema>empty());
  }
}
