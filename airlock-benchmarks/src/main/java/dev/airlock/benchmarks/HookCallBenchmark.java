package dev.airlock.benchmarks;

import dev.airlock.AirlockException;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Isolation;
import dev.airlock.runtime.Plugin;
import dev.airlock.runtime.PluginException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.extism.sdk.chicory.Manifest;
import org.extism.sdk.chicory.ManifestWasm;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One hook call with 1 KiB in and 1 KiB out (an echo), through Airlock and its peers in the same
 * run.
 *
 * <ul>
 *   <li>{@link #bareChicory}: the raw-ABI {@code echo} on plain Chicory, instance reused ({@link
 *       BareChicory}). {@link #bareChicoryNewInstance} also makes a new instance per call.
 *   <li>{@link #airlockRaw}: the same module through {@link Plugin#call} on a default {@link
 *       Engine} (1 s wall-clock and CPU deadlines enforced by its watchdog), with fresh or pooled
 *       instances.
 *   <li>{@link #airlockExtism}: {@code extism-echo}, the same logic on the Extism ABI, through
 *       Airlock.
 *   <li>{@link #extismSdk}: {@code extism-echo} through Extism's Java SDK ({@code
 *       org.extism.sdk:chicory-sdk-core}) with its ahead-of-time compiler on, on the same Chicory.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class HookCallBenchmark {
  static final int SIZE = 1024;
  static final long SEED = 7;

  /** The input: 1 KiB of pseudo-random bytes. */
  @State(Scope.Benchmark)
  public static class Input {
    byte[] bytes = ExamplePlugins.input(SIZE, SEED);
  }

  /** The raw-ABI echo on plain Chicory, one instance per thread. */
  @State(Scope.Thread)
  public static class Bare {
    BareChicory.Compiled compiled;
    BareChicory echo;

    /** Compiles and instantiates the module, and checks one call. */
    @Setup(Level.Trial)
    public void setUp() {
      compiled = BareChicory.compile(ExamplePlugins.wasm("echo"));
      echo = new BareChicory(compiled.module(), compiled.machines(), "echo");
      byte[] in = ExamplePlugins.input(SIZE, SEED);
      ExamplePlugins.check("bare Chicory echo", in, echo.call(in));
    }
  }

  /** An Airlock plugin on a default engine: deadlines on, as a host runs it. */
  @State(Scope.Benchmark)
  public abstract static class AirlockPlugin {
    /** Fresh (a new instance per call) or pooled instances. */
    @Param({"FRESH", "POOLED"})
    public Isolation isolation;

    Engine engine;
    Plugin plugin;
    Path dir;
    long calls;

    abstract String name();

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
      plugin = ExamplePlugins.load(engine, name(), isolation, dir);
      byte[] in = ExamplePlugins.input(SIZE, SEED);
      ExamplePlugins.check(name(), in, plugin.call("echo", in).output());
      calls = 1;
    }

    /**
     * Reports how many instances the calls made, and cleans up.
     *
     * @throws IOException when the scratch directory cannot be deleted
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
      System.out.printf(
          Locale.ROOT,
          "%n%s %s: %d instances created for %d calls%n",
          name(),
          isolation,
          plugin.instancesCreated(),
          calls);
      plugin.close();
      engine.close();
      ExamplePlugins.delete(dir);
    }
  }

  /** The raw-ABI {@code echo} in Airlock. */
  public static class AirlockRaw extends AirlockPlugin {
    @Override
    String name() {
      return "echo";
    }
  }

  /** The Extism-ABI {@code extism-echo} in Airlock. */
  public static class AirlockExtism extends AirlockPlugin {
    @Override
    String name() {
      return "extism-echo";
    }
  }

  /** {@code extism-echo} in Extism's Java SDK, one plugin per thread (it is not thread-safe). */
  @State(Scope.Thread)
  public static class ExtismSdk {
    org.extism.sdk.chicory.Plugin plugin;

    /** Compiles the plugin with the SDK's AOT option and checks one call. */
    @Setup(Level.Trial)
    public void load() {
      Manifest manifest =
          Manifest.ofWasms(ManifestWasm.fromBytes(ExamplePlugins.wasm("extism-echo")).build())
              .withOptions(new Manifest.Options().withAoT())
              .build();
      plugin = org.extism.sdk.chicory.Plugin.ofManifest(manifest).build();
      byte[] in = ExamplePlugins.input(SIZE, SEED);
      ExamplePlugins.check("Extism SDK extism-echo", in, plugin.call("echo", in));
    }
  }

  /**
   * Plain Chicory, instance reused.
   *
   * @param bare the module
   * @param input the input
   * @return the output
   */
  @Benchmark
  public byte[] bareChicory(Bare bare, Input input) {
    return bare.echo.call(input.bytes);
  }

  /**
   * Plain Chicory, a new instance (and its {@code _initialize}) per call: the floor for {@link
   * Isolation#FRESH}.
   *
   * @param bare the compiled module
   * @param input the input
   * @return the output
   */
  @Benchmark
  public byte[] bareChicoryNewInstance(Bare bare, Input input) {
    return new BareChicory(bare.compiled.module(), bare.compiled.machines(), "echo")
        .call(input.bytes);
  }

  /**
   * Airlock, raw ABI.
   *
   * @param p the plugin
   * @param input the input
   * @return the output
   * @throws PluginException never: the setup checked the call
   */
  @Benchmark
  public byte[] airlockRaw(AirlockRaw p, Input input) throws PluginException {
    p.calls++;
    return p.plugin.call("echo", input.bytes).output();
  }

  /**
   * Airlock, Extism ABI.
   *
   * @param p the plugin
   * @param input the input
   * @return the output
   * @throws PluginException never: the setup checked the call
   */
  @Benchmark
  public byte[] airlockExtism(AirlockExtism p, Input input) throws PluginException {
    p.calls++;
    return p.plugin.call("echo", input.bytes).output();
  }

  /**
   * Extism's Java SDK.
   *
   * @param sdk the plugin
   * @param input the input
   * @return the output
   */
  @Benchmark
  public byte[] extismSdk(ExtismSdk sdk, Input input) {
    return sdk.plugin.call("echo", input.bytes);
  }
}
