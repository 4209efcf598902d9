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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A CPU-bound plugin against pure Java doing the same computation, in the same run: FNV-1a over 100
 * KiB, and {@code fib(25)} by naive recursion. Airlock runs {@code cpu-burn} pooled on a default
 * engine (deadlines on); each Airlock call also copies the input in and 8 bytes out. Plain Chicory
 * runs the same module, to separate what the wasm compiler costs from what Airlock adds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class CpuBoundBenchmark {
  static final int FNV_SIZE = 100 * 1024;
  static final int FIB_N = 25;

  /** The inputs and the right answers. */
  @State(Scope.Benchmark)
  public static class Inputs {
    byte[] bytes = ExamplePlugins.input(FNV_SIZE, 11);
    int fibN = FIB_N; // a field, so the JIT cannot treat n as a constant
    byte[] fibInput = {FIB_N, 0, 0, 0};
    byte[] fnvExpected = JavaTwins.littleEndian(JavaTwins.fnv1a(bytes));
    byte[] fibExpected = JavaTwins.littleEndian(JavaTwins.fib(FIB_N));
  }

  /** {@code cpu-burn} in Airlock, pooled, default engine. */
  @State(Scope.Benchmark)
  public static class AirlockCpu {
    Engine engine;
    Plugin plugin;
    Path dir;

    /**
     * Loads the plugin and checks both hooks against Java.
     *
     * @param in the inputs
     * @throws AirlockException when Airlock refuses the module or a call fails
     * @throws IOException when the scratch file cannot be written
     */
    @Setup(Level.Trial)
    public void load(Inputs in) throws AirlockException, IOException {
      engine = Engine.builder().build();
      dir = Files.createTempDirectory("airlock-bench-");
      plugin = ExamplePlugins.load(engine, "cpu-burn", Isolation.POOLED, dir);
      ExamplePlugins.check("fnv1a", in.fnvExpected, plugin.call("fnv1a", in.bytes).output());
      ExamplePlugins.check("fib", in.fibExpected, plugin.call("fib", in.fibInput).output());
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

  /** {@code cpu-burn} on plain Chicory, one instance per hook. */
  @State(Scope.Thread)
  public static class BareCpu {
    BareChicory fnv1a;
    BareChicory fib;

    /**
     * Compiles and instantiates the module and checks both hooks against Java.
     *
     * @param in the inputs
     */
    @Setup(Level.Trial)
    public void load(Inputs in) {
      BareChicory.Compiled c = BareChicory.compile(ExamplePlugins.wasm("cpu-burn"));
      fnv1a = new BareChicory(c.module(), c.machines(), "fnv1a");
      fib = new BareChicory(c.module(), c.machines(), "fib");
      ExamplePlugins.check("bare fnv1a", in.fnvExpected, fnv1a.call(in.bytes));
      ExamplePlugins.check("bare fib", in.fibExpected, fib.call(in.fibInput));
    }
  }

  /**
   * FNV-1a in Java.
   *
   * @param in the inputs
   * @return the hash
   */
  @Benchmark
  public long fnv1aJava(Inputs in) {
    return JavaTwins.fnv1a(in.bytes);
  }

  /**
   * FNV-1a in Airlock.
   *
   * @param p the plugin
   * @param in the inputs
   * @return the hash, as 8 bytes
   * @throws PluginException never: the setup checked the call
   */
  @Benchmark
  public byte[] fnv1aAirlock(AirlockCpu p, Inputs in) throws PluginException {
    return p.plugin.call("fnv1a", in.bytes).output();
  }

  /**
   * FNV-1a on plain Chicory.
   *
   * @param b the module
   * @param in the inputs
   * @return the hash, as 8 bytes
   */
  @Benchmark
  public byte[] fnv1aBareChicory(BareCpu b, Inputs in) {
    return b.fnv1a.call(in.bytes);
  }

  /**
   * fib(25) in Java.
   *
   * @param in the inputs
   * @return the number
   */
  @Benchmark
  public long fibJava(Inputs in) {
    return JavaTwins.fib(in.fibN);
  }

  /**
   * fib(25) in Airlock.
   *
   * @param p the plugin
   * @param in the inputs
   * @return the number, as 8 bytes
   * @throws PluginException never: the setup checked the call
   */
  @Benchmark
  public byte[] fibAirlock(AirlockCpu p, Inputs in) throws PluginException {
    return p.plugin.call("fib", in.fibInput).output();
  }

  /**
   * fib(25) on plain Chicory.
   *
   * @param b the module
   * @param in the inputs
   * @return the number, as 8 bytes
   */
  @Benchmark
  public byte[] fibBareChicory(BareCpu b, Inputs in) {
    return b.fib.call(in.fibInput);
  }
}
