package dev.airlock.benchmarks;

import dev.airlock.AirlockException;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Isolation;
import dev.airlock.runtime.Plugin;
import dev.airlock.runtime.PluginException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Calls per second on one plugin from 1 and from 2 threads: the 1 KiB echo (raw ABI) and FNV-1a
 * over 100 KiB ({@code cpu-burn}), pooled and fresh, on a default engine. Two peers show what this
 * machine's two cores give the same work without Airlock: the Java FNV-1a (no allocation at all),
 * and the 1 KiB echo on plain Chicory with one instance per thread.
 *
 * <p>Scaling is the 2-thread score divided by the 1-thread score of the same benchmark.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ThroughputBenchmark {
  /** One plugin shared by all calling threads. */
  @State(Scope.Benchmark)
  public static class Shared {
    /** The workload: {@code echo} (1 KiB) or {@code fnv1a} (100 KiB). */
    @Param({"echo", "fnv1a"})
    public String hook;

    /** Fresh or pooled instances. */
    @Param({"POOLED", "FRESH"})
    public Isolation isolation;

    Engine engine;
    Plugin plugin;
    Path dir;
    byte[] input;

    /**
     * Loads the plugin and checks one call.
     *
     * @throws AirlockException when Airlock refuses the module or the call fails
     * @throws IOException when the scratch file cannot be written
     */
    @Setup(Level.Trial)
    public void load() throws AirlockException, IOException {
      engine = Engine.builder().build();
      dir = Files.createTempDirectory("airlock-bench-");
      boolean echo = hook.equals("echo");
      plugin = ExamplePlugins.load(engine, echo ? "echo" : "cpu-burn", isolation, dir);
      input =
          echo
              ? ExamplePlugins.input(HookCallBenchmark.SIZE, HookCallBenchmark.SEED)
              : ExamplePlugins.input(CpuBoundBenchmark.FNV_SIZE, 11);
      byte[] expected = echo ? input : JavaTwins.littleEndian(JavaTwins.fnv1a(input));
      ExamplePlugins.check(hook, expected, plugin.call(hook, input).output());
    }

    /**
     * Cleans up.
     *
     * @throws IOException when the scratch directory cannot be deleted
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      plugin.close();
      engine.close();
      ExamplePlugins.delete(dir);
    }
  }

  /** The raw-ABI echo on plain Chicory, one instance per thread. */
  @State(Scope.Thread)
  public static class BareEcho {
    BareChicory echo;
    byte[] input = ExamplePlugins.input(HookCallBenchmark.SIZE, HookCallBenchmark.SEED);

    /** Compiles and instantiates the module, and checks one call. */
    @Setup(Level.Trial)
    public void setUp() {
      BareChicory.Compiled c = BareChicory.compile(ExamplePlugins.wasm("echo"));
      echo = new BareChicory(c.module(), c.machines(), "echo");
      ExamplePlugins.check("bare Chicory echo", input, echo.call(input));
    }
  }

  /** The FNV-1a input for the Java twin. */
  @State(Scope.Benchmark)
  public static class JavaInput {
    byte[] bytes = ExamplePlugins.input(CpuBoundBenchmark.FNV_SIZE, 11);
  }

  /**
   * One calling thread.
   *
   * @param s the plugin
   * @return the output
   * @throws PluginException never: the setup checked the call
   */
  @Benchmark
  @Threads(1)
  public byte[] airlock1Thread(Shared s) throws PluginException {
    return s.plugin.call(s.hook, s.input).output();
  }

  /**
   * Two calling threads on the same plugin.
   *
   * @param s the plugin
   * @return the output
   * @throws PluginException never: the setup checked the call
   */
  @Benchmark
  @Threads(2)
  public byte[] airlock2Threads(Shared s) throws PluginException {
    return s.plugin.call(s.hook, s.input).output();
  }

  /**
   * The echo on plain Chicory, one thread.
   *
   * @param b the instance
   * @return the output
   */
  @Benchmark
  @Threads(1)
  public byte[] bareChicoryEcho1Thread(BareEcho b) {
    return b.echo.call(b.input);
  }

  /**
   * The echo on plain Chicory, two threads, an instance each.
   *
   * @param b the instance
   * @return the output
   */
  @Benchmark
  @Threads(2)
  public byte[] bareChicoryEcho2Threads(BareEcho b) {
    return b.echo.call(b.input);
  }

  /**
   * FNV-1a in Java, one thread.
   *
   * @param in the input
   * @return the hash
   */
  @Benchmark
  @Threads(1)
  public long java1Thread(JavaInput in) {
    return JavaTwins.fnv1a(in.bytes);
  }

  /**
   * FNV-1a in Java, two threads.
   *
   * @param in the input
   * @return the hash
   */
  @Benchmark
  @Threads(2)
  public long java2Threads(JavaInput in) {
    return JavaTwins.fnv1a(in.bytes);
  }
}
