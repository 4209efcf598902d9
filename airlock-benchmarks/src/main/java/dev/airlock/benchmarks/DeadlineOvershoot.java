package dev.airlock.benchmarks;

import dev.airlock.AirlockException;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Isolation;
import dev.airlock.runtime.Limits;
import dev.airlock.runtime.Plugin;
import dev.airlock.runtime.PluginTimeoutException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * How long after its deadline a runaway plugin is stopped. Calls {@code cpu-burn}'s {@code spin}
 * hook (a loop that never returns; compiled, not interpreted) with a 50 ms budget, many times, and
 * records by how much {@link PluginTimeoutException#elapsed()} exceeds the budget, by how much the
 * caller's own clock around {@link Plugin#call} does, and by how much the calling thread's CPU time
 * during the call does (the measure that matters for a CPU budget: on a busy machine a thread gets
 * less CPU than wall time).
 *
 * <p>Usage: {@code DeadlineOvershoot [wall|cpu] [runs] [warm-up runs]}; defaults {@code wall 200
 * 20}. {@code wall} sets the wall-clock timeout to 50 ms (CPU budget 10 s); {@code cpu} sets the
 * CPU budget to 50 ms (timeout 10 s). Warm-up runs are not recorded.
 */
public final class DeadlineOvershoot {
  private static final Duration BUDGET = Duration.ofMillis(50);
  private static final Duration GENEROUS = Duration.ofSeconds(10);

  private DeadlineOvershoot() {}

  /**
   * Runs the measurement and prints one summary line per clock.
   *
   * @param args {@code [wall|cpu] [runs] [warm-up runs]}
   * @throws AirlockException when the plugin cannot be loaded
   * @throws IOException when the scratch file cannot be written
   * @throws IllegalStateException when a call ends any other way than a timeout of that budget
   */
  public static void main(String[] args) throws AirlockException, IOException {
    boolean cpu = args.length > 0 && args[0].equals("cpu");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    Limits limits =
        Limits.builder().timeout(cpu ? GENEROUS : BUDGET).cpuTime(cpu ? BUDGET : GENEROUS).build();
    PluginTimeoutException.Budget expected =
        cpu ? PluginTimeoutException.Budget.CPU : PluginTimeoutException.Budget.WALL_CLOCK;
    Path dir = Files.createTempDirectory("airlock-deadline-");
    try (Engine engine = Engine.builder().defaultLimits(limits).build();
        Plugin plugin = ExamplePlugins.load(engine, "cpu-burn", Isolation.FRESH, dir)) {
      if (plugin.interpreted()) {
        throw new IllegalStateException("cpu-burn runs in the interpreter; this measures compiled");
      }
      long[] reported = new long[runs];
      long[] observed = new long[runs];
      long[] cpuUsed = new long[runs];
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      for (int i = -warmup; i < runs; i++) {
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        PluginTimeoutException e = spin(plugin, expected);
        long wall = System.nanoTime() - t0;
        long cpuTime = threads.getCurrentThreadCpuTime() - c0;
        if (i >= 0) {
          reported[i] = e.elapsed().toNanos() - BUDGET.toNanos();
          observed[i] = wall - BUDGET.toNanos();
          cpuUsed[i] = cpuTime - BUDGET.toNanos();
        }
      }
      String what = cpu ? "CPU budget" : "wall-clock timeout";
      System.out.println(summary(what + ", PluginTimeoutException.elapsed() - 50 ms", reported));
      System.out.println(summary(what + ", caller's clock around call() - 50 ms", observed));
      if (cpu) {
        // Only a CPU budget is measured in CPU time; under a wall-clock timeout a thread that
        // waited for a core used less CPU than the budget.
        System.out.println(summary(what + ", caller's thread CPU time in call() - 50 ms", cpuUsed));
      }
    } finally {
      ExamplePlugins.delete(dir);
    }
  }

  private static PluginTimeoutException spin(Plugin plugin, PluginTimeoutException.Budget expected)
      throws AirlockException {
    try {
      plugin.call("spin", new byte[0]);
    } catch (PluginTimeoutException e) {
      if (e.budget() != expected) {
        throw new IllegalStateException("expected a " + expected + " timeout, got " + e.budget());
      }
      return e;
    }
    throw new IllegalStateException("spin returned; it never should");
  }

  private static String summary(String what, long[] overshootNanos) {
    long[] s = overshootNanos.clone();
    Arrays.sort(s);
    return String.format(
        Locale.ROOT,
        "%s: n=%d overshoot p50 %.3f ms, p99 %.3f ms, max %.3f ms, min %.3f ms",
        what,
        s.length,
        percentile(s, 0.50) / 1e6,
        percentile(s, 0.99) / 1e6,
        s[s.length - 1] / 1e6,
        s[0] / 1e6);
  }

  /** Nearest-rank percentile of sorted values. */
  private static double percentile(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
