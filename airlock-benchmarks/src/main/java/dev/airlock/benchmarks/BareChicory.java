package dev.airlock.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.function.Function;

/**
 * A raw-ABI module on plain Chicory, with nothing of Airlock: compiled with {@link
 * MachineFactoryCompiler}, no watchdog, no import or export checks, no host functions. Memory is
 * configured as Airlock's default limits configure it, so that the two differ only in what Airlock
 * adds: a {@link ByteArrayMemory} of at most {@value #MAX_PAGES} pages (uncapped, Chicory sizes its
 * page table for 32767 pages, 128 KiB more to allocate per instance). One call is what docs/abi.md
 * says a host does: {@code alloc}, copy the input in, call the hook, copy the output out, {@code
 * dealloc} both buffers (without the frees a reused instance would grow until it ran out of
 * memory).
 *
 * <p>Not thread-safe: one instance per thread.
 */
final class BareChicory {
  /** Airlock's default memory cap (16 MiB). */
  static final int MAX_PAGES = 256;

  private final Instance instance;
  private final Memory memory;
  private final ExportFunction alloc;
  private final ExportFunction dealloc;
  private final ExportFunction hook;

  /**
   * Instantiates a compiled module and runs its {@code _initialize}.
   *
   * @param module the parsed module
   * @param machines its compiled machine factory
   * @param hook the export to call
   */
  BareChicory(WasmModule module, Function<Instance, Machine> machines, String hook) {
    this.instance =
        Instance.builder(module)
            .withMachineFactory(machines)
            .withMemoryFactory(
                limits ->
                    new ByteArrayMemory(
                        new MemoryLimits(
                            limits.initialPages(),
                            Math.max(
                                limits.initialPages(),
                                Math.min(limits.maximumPages(), MAX_PAGES)))))
            .withStart(false)
            .build();
    instance.export("_initialize").apply();
    this.memory = instance.memory();
    this.alloc = instance.export("alloc");
    this.dealloc = instance.export("dealloc");
    this.hook = instance.export(hook);
  }

  /**
   * Parses and compiles a module.
   *
   * @param wasm the module
   * @return the parsed module and its machine factory
   */
  static Compiled compile(byte[] wasm) {
    WasmModule module = Parser.parse(wasm);
    return new Compiled(module, MachineFactoryCompiler.compile(module));
  }

  /**
   * A parsed module and the machine factory the compiler made for it.
   *
   * @param module the module
   * @param machines the factory
   */
  record Compiled(WasmModule module, Function<Instance, Machine> machines) {}

  /**
   * One hook call.
   *
   * @param input the input
   * @return the output; empty when the hook returned 0
   */
  byte[] call(byte[] input) {
    int len = input.length;
    int ptr = (int) alloc.apply(len)[0];
    memory.write(ptr, input);
    long packed = hook.apply(ptr, len)[0];
    byte[] out = new byte[0];
    if (packed != 0) {
      int outPtr = (int) (packed >>> 32);
      int outLen = (int) packed;
      out = memory.readBytes(outPtr, outLen);
      dealloc.apply(outPtr, outLen);
    }
    dealloc.apply(ptr, len);
    return out;
  }
}
