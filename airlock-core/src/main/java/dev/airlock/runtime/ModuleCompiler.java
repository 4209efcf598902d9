package dev.airlock.runtime;

import com.dylibso.chicory.compiler.Cache;
import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.airlock.artefact.Artefact;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Parses and compiles each module once, keyed by the wasm's SHA-256, with Chicory's compiler (and
 * the disk cache when there is one). A module the compiler cannot take runs in the interpreter,
 * with a logged reason. Thread-safe.
 */
final class ModuleCompiler {
  // Looked up when something is logged, not when the class loads: initializing the logging
  // backend costs a cold start tens of milliseconds, and these are rare paths.
  private static System.Logger log() {
    return System.getLogger(ModuleCompiler.class.getName());
  }

  /**
   * A parsed module and how to make machines for its instances.
   *
   * @param directStubs how many import stubs call {@link ExtismIntrinsics} ({@link DirectImports})
   */
  record Compiled(
      WasmModule module,
      Function<Instance, Machine> machines,
      boolean interpreted,
      int directStubs) {}

  private final DiskCompileCache diskCache;
  private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

  ModuleCompiler(DiskCompileCache diskCache) {
    this.diskCache = diskCache;
  }

  private final java.util.concurrent.atomic.LongAdder memoryHits =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder memoryMisses =
      new java.util.concurrent.atomic.LongAdder();

  CompileCacheStats stats() {
    return new CompileCacheStats(
        memoryHits.sum(),
        memoryMisses.sum(),
        diskCache == null ? 0 : diskCache.hits(),
        diskCache == null ? 0 : diskCache.misses());
  }

  Compiled compile(String name, Artefact a) throws PluginException {
    String digest = a.manifest().wasmSha256();
    Compiled cached = compiled.get(digest);
    if (cached != null) {
      memoryHits.increment();
      return cached;
    }
    memoryMisses.increment();
    byte[] wasm = bytes(a.wasm());
    Compiled c = diskCache == null ? null : fromDisk(name, digest, wasm);
    if (c == null) {
      c = compile(name, digest, wasm);
    }
    Compiled first = compiled.putIfAbsent(digest, c);
    return first == null ? c : first;
  }

  /**
   * A module whose compiled classes the disk cache holds: its code is not parsed at all (the entry
   * exists only for bytes with this digest that were parsed, validated and compiled in full
   * before), so a known plugin loads in a fresh JVM at about the cost of Chicory's build-time AOT.
   *
   * @return the module, or {@code null} when there is no usable entry (a bad one is removed)
   */
  private Compiled fromDisk(String name, String digest, byte[] wasm) {
    byte[] entry = diskCache.get(digest);
    if (entry == null) {
      return null;
    }
    try {
      WasmModule module = Parser.parse(CodelessModule.of(wasm));
      return machines(module, entry, DirectImports.of(module));
    } catch (RuntimeException | LinkageError e) {
      // A damaged or stale entry costs a compile, never the compiled mode.
      log()
          .log(
              Level.WARNING,
              "plugin ''{0}'': compile cache entry unusable ({1}); compiling again",
              name,
              e.toString());
      diskCache.evict(digest);
      return null;
    }
  }

  private Compiled compile(String name, String digest, byte[] wasm) throws PluginException {
    WasmModule module;
    try {
      module = Parser.parse(wasm);
    } catch (ChicoryException | IllegalArgumentException e) {
      throw new PluginAbiException(
          name, null, "plugin '" + name + "' is not a valid WebAssembly module: " + e.getMessage());
    }
    MachineFactoryCompiler.Builder b =
        MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.FAIL);
    Map<Integer, DirectImports.Op> direct = DirectImports.of(module);
    Cache disk = diskCache == null ? null : diskCache.writerFor(digest); // written once compiled
    // A module with stubs to rewrite is loaded from the classes Chicory hands its cache, as a
    // cached one is; the machines compile() returns then go unused.
    byte[][] written = new byte[1][];
    if (!direct.isEmpty()) {
      b.withCache(
          new Cache() {
            @Override
            public byte[] get(String key) {
              return null;
            }

            @Override
            public void putIfAbsent(String key, byte[] data) throws java.io.IOException {
              written[0] = data;
              if (disk != null) {
                disk.putIfAbsent(key, data);
              }
            }
          });
    } else if (disk != null) {
      b.withCache(disk);
    }
    Function<Instance, Machine> machines;
    try {
      machines = b.compile();
    } catch (RuntimeException | LinkageError e) {
      log()
          .log(
              Level.WARNING,
              "plugin ''{0}'': the compiler cannot take this module ({1});"
                  + " running it in the interpreter",
              name,
              e.toString());
      return new Compiled(module, InterpreterMachine::new, true, 0);
    }
    if (written[0] != null) {
      try {
        return machines(module, written[0], direct);
      } catch (RuntimeException | LinkageError e) { // Chicory's own machines still work
        log()
            .log(
                Level.WARNING,
                "plugin ''{0}'': Extism word moves not bound directly ({1})",
                name,
                e.toString());
      }
    }
    return new Compiled(module, machines, false, 0);
  }

  /** Machines from compiled classes, with the stubs of {@code direct} bound directly. */
  private static Compiled machines(
      WasmModule module, byte[] classes, Map<Integer, DirectImports.Op> direct) {
    CachedMachines loaded = CachedMachines.load(classes, direct);
    if (loaded.directStubs() == 0) {
      return new Compiled(module, loaded, false, 0);
    }
    int anyImport = direct.keySet().iterator().next();
    return new Compiled(
        module, KernelMachine.factory(loaded, anyImport), false, loaded.directStubs());
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
