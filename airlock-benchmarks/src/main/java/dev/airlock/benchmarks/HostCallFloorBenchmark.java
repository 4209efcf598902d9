package dev.airlock.benchmarks;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.airlock.testing.WatCompiler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What Chicory's host calls cost on their own, without Airlock: a compiled module calls an imported
 * {@code (i64) -> i64} function that returns its argument, 257 times in a loop — the number of host
 * calls an Extism plugin kit makes to read 1 KiB of input and write 1 KiB of output 8 bytes at a
 * time ({@code extism-echo}). The same loop without the host call is the baseline.
 *
 * <p>It bounds the Extism-ABI path from below: a 1 KiB Extism echo costs at least this much more
 * than the raw-ABI echo on any host built on Chicory's host-function interface.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public class HostCallFloorBenchmark {
  /** Host calls per benchmark call: 128 words in, 128 words out, and the output call. */
  static final int CALLS = 257;

  private static final String WAT =
      """
      (module
        (import "env" "id" (func $id (param i64) (result i64)))
        (func (export "host_calls") (param $n i32) (result i64)
          (local $acc i64)
          (block $done
            (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $acc (i64.add (local.get $acc) (call $id (i64.extend_i32_u (local.get $n)))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
          (local.get $acc))
        (func (export "no_calls") (param $n i32) (result i64)
          (local $acc i64)
          (block $done
            (loop $next
              (br_if $done (i32.eqz (local.get $n)))
              (local.set $acc (i64.add (local.get $acc) (i64.extend_i32_u (local.get $n))))
              (local.set $n (i32.sub (local.get $n) (i32.const 1)))
              (br $next)))
          (local.get $acc)))
      """;

  /** One compiled instance. */
  @State(Scope.Thread)
  public static class Module {
    ExportFunction hostCalls;
    ExportFunction noCalls;

    /** Compiles the module and checks both exports once. */
    @Setup
    public void setUp() {
      BareChicory.Compiled c = BareChicory.compile(WatCompiler.compile(WAT));
      HostFunction id =
          new HostFunction(
              "env",
              "id",
              FunctionType.of(List.of(ValType.I64), List.of(ValType.I64)),
              (Instance inst, long... args) -> new long[] {args[0]});
      Instance instance =
          Instance.builder(c.module())
              .withMachineFactory(c.machines())
              .withImportValues(ImportValues.builder().addFunction(id).build())
              .build();
      hostCalls = instance.export("host_calls");
      noCalls = instance.export("no_calls");
      long expected = (long) CALLS * (CALLS + 1) / 2;
      if (hostCalls.apply(CALLS)[0] != expected || noCalls.apply(CALLS)[0] != expected) {
        throw new IllegalStateException("the module summed wrongly");
      }
    }
  }

  /**
   * 257 calls of the identity host function.
   *
   * @param m the instance
   * @return the sum, so nothing is optimised away
   */
  @Benchmark
  public long hostCalls(Module m) {
    return m.hostCalls.apply(CALLS)[0];
  }

  /**
   * The same loop without the host call.
   *
   * @param m the instance
   * @return the sum
   */
  @Benchmark
  public long noCalls(Module m) {
    return m.noCalls.apply(CALLS)[0];
  }
}
