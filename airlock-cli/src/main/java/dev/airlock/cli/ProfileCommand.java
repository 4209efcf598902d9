package dev.airlock.cli;

import dev.airlock.Units;
import dev.airlock.runtime.CallProfile;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Plugin;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock profile}: the bench numbers plus where each call's time goes. */
@Command(
    mixinStandardHelpOptions = true,
    name = "profile",
    sortOptions = false,
    description =
        "Call one hook repeatedly and report calls/s and latency, and where the time"
            + " goes: getting an instance, copying the input in, the guest, copying the output out.")
final class ProfileCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--plugin",
      required = true,
      paramLabel = "ARTEFACT",
      description = "A .tar.gz artefact, a .zip package or a bare .wasm.")
  Path plugin;

  @Option(names = "--hook", required = true, description = "The hook (export) to call.")
  String hook;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "Input bytes.")
  Path input;

  @Option(
      names = "--duration",
      defaultValue = "3s",
      paramLabel = "DURATION",
      description = "How long to measure (default: ${DEFAULT-VALUE}).")
  String duration;

  @Option(
      names = "--warmup",
      defaultValue = "1s",
      paramLabel = "DURATION",
      description = "How long to warm up first (default: ${DEFAULT-VALUE}).")
  String warmup;

  @Mixin RuntimeOptions runtime;

  @Override
  public Integer call() throws Exception {
    byte[] in = Files.readAllBytes(input);
    try (Engine engine = runtime.engine();
        Plugin p = runtime.load(engine, plugin)) {
      loop(p, in, Units.parseDuration(warmup).toNanos(), null);
      long[][] phases = new long[5][];
      long start = System.nanoTime();
      int n = loop(p, in, Units.parseDuration(duration).toNanos(), phases);
      double seconds = (System.nanoTime() - start) / 1e9;
      report(spec.commandLine().getOut(), phases, n, seconds);
    }
    return ExitCodes.OK;
  }

  /** Calls until the time is up; with {@code phases}, records each call's phase times. */
  private int loop(Plugin p, byte[] in, long nanos, long[][] phases) throws Exception {
    int cap = 1 << 16;
    if (phases != null) {
      for (int i = 0; i < phases.length; i++) {
        phases[i] = new long[cap];
      }
    }
    long end = System.nanoTime() + nanos;
    int n = 0;
    while (System.nanoTime() < end) {
      CallProfile r = p.profile(hook, in);
      if (phases != null) {
        if (n == phases[0].length) {
          for (int i = 0; i < phases.length; i++) {
            phases[i] = Arrays.copyOf(phases[i], n * 2);
          }
        }
        phases[0][n] = r.result().duration().toNanos();
        phases[1][n] = r.instantiate().toNanos();
        phases[2][n] = r.copyIn().toNanos();
        phases[3][n] = r.guest().toNanos();
        phases[4][n] = r.copyOut().toNanos();
      }
      n++;
    }
    return n;
  }

  private static void report(PrintWriter o, long[][] phases, int n, double seconds) {
    o.printf(Locale.ROOT, "calls:    %d in %.1f s, %.0f calls/s%n", n, seconds, n / seconds);
    long[] total = Arrays.copyOf(phases[0], n);
    Arrays.sort(total);
    o.printf(
        Locale.ROOT,
        "latency:  p50 %s, p99 %s, max %s%n",
        micros(total, 0.50),
        micros(total, 0.99),
        micros(total, 1.0));
    o.println("where the time goes (median per call):");
    String[] names = {"instantiate", "copy in", "guest", "copy out"};
    double sum = 0;
    double[] medians = new double[4];
    for (int i = 0; i < 4; i++) {
      long[] s = Arrays.copyOf(phases[i + 1], n);
      Arrays.sort(s);
      medians[i] = s[Math.max(0, n / 2)];
      sum += medians[i];
    }
    for (int i = 0; i < 4; i++) {
      o.printf(
          Locale.ROOT,
          "  %-12s %10.1f µs  %3.0f %%%n",
          names[i],
          medians[i] / 1e3,
          sum == 0 ? 0 : 100 * medians[i] / sum);
    }
  }

  private static String micros(long[] sorted, double q) {
    if (sorted.length == 0) {
      return "-";
    }
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
    return String.format(Locale.ROOT, "%.1f µs", sorted[i] / 1e3);
  }
}
