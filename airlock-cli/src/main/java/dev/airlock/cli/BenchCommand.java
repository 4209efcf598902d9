package dev.airlock.cli;

import dev.airlock.Units;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Plugin;
import dev.airlock.runtime.PluginException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock bench}: call one hook in a loop and report throughput and latency. */
@Command(
    mixinStandardHelpOptions = true,
    name = "bench",
    sortOptions = false,
    description =
        "Call one hook repeatedly from N threads for a while, after a warm-up, and"
            + " report calls/s, p50/p99/max latency and instances created.")
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ARTEFACT", description = "A .tar.gz artefact or a bare .wasm.")
  Path artefact;

  @Option(names = "--hook", required = true, description = "The hook (export) to call.")
  String hook;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "Input bytes.")
  Path input;

  @Option(names = "--threads", defaultValue = "1", description = "Calling threads (default 1).")
  int threads;

  @Option(
      names = "--duration",
      defaultValue = "5s",
      paramLabel = "DURATION",
      description = "How long to measure (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--warmup",
      defaultValue = "2s",
      paramLabel = "DURATION",
      description = "How long to warm up first (default: ${DEFAULT-VALUE}).")
  String warmup;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Mixin RuntimeOptions runtime;

  @Override
  public Integer call() throws Exception {
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("--threads should be 1..256, got " + threads);
    }
    byte[] in = Files.readAllBytes(input);
    long measureNanos = Units.parseDuration(duration).toNanos();
    long warmupNanos = Units.parseDuration(warmup).toNanos();
    try (Engine engine = runtime.engine();
        Plugin plugin = runtime.load(engine, artefact)) {
      plugin.call(hook, in); // fail fast, with the real error, before timing anything
      run(plugin, in, warmupNanos);
      long before = plugin.instancesCreated();
      long start = System.nanoTime();
      long[] latencies = run(plugin, in, measureNanos);
      double seconds = (System.nanoTime() - start) / 1e9;
      report(spec.commandLine().getOut(), latencies, seconds, plugin.instancesCreated() - before);
    }
    return ExitCodes.OK;
  }

  private long[] run(Plugin plugin, byte[] in, long nanos) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long end = System.nanoTime() + nanos;
      List<Future<long[]>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        parts.add(pool.submit(() -> loop(plugin, in, end)));
      }
      List<long[]> all = new ArrayList<>();
      for (Future<long[]> f : parts) {
        all.add(f.get());
      }
      return all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    } finally {
      pool.shutdownNow();
    }
  }

  private long[] loop(Plugin plugin, byte[] in, long end) throws PluginException {
    long[] samples = new long[1 << 16];
    int n = 0;
    while (true) {
      long t0 = System.nanoTime();
      if (t0 >= end) {
        break;
      }
      plugin.call(hook, in);
      if (n == samples.length) {
        samples = Arrays.copyOf(samples, n * 2);
      }
      samples[n++] = System.nanoTime() - t0;
    }
    return Arrays.copyOf(samples, n);
  }

  private void report(PrintWriter o, long[] sorted, double seconds, long instances) {
    double callsPerSecond = sorted.length / seconds;
    double p50 = percentile(sorted, 0.50);
    double p99 = percentile(sorted, 0.99);
    double max = sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e3;
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("calls", sorted.length);
      r.put("threads", threads);
      r.put("calls_per_second", Math.round(callsPerSecond));
      r.put("p50_us", p50);
      r.put("p99_us", p99);
      r.put("max_us", max);
      r.put("instances_created", instances);
      Json.print(o, r);
      return;
    }
    o.printf(
        Locale.ROOT, "calls:      %d in %.1f s on %d thread(s)%n", sorted.length, seconds, threads);
    o.printf(Locale.ROOT, "calls/s:    %.0f%n", callsPerSecond);
    o.printf(Locale.ROOT, "latency:    p50 %.1f µs, p99 %.1f µs, max %.1f µs%n", p50, p99, max);
    o.printf(Locale.ROOT, "instances:  %d created%n", instances);
  }

  private static double percentile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, i)] / 1e3;
  }
}
