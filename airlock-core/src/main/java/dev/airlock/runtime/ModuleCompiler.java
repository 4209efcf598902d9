package dev.airlock.runtime;

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

  /** A parsed module and how to make machines for its instances. */
  record Compiled(WasmModule module, Function<Instance, Machine> machines, boolean interpreted) {}

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
    Compiled cached = compiled.get(a.manifest().wasmSha256());
    if (cached != null) {
      memoryHits.increment();
      return cached;
    }
    memoryMisses.increment();
    WasmModule module;
    try {
      module = Parser.parse(bytes(a.wasm()));
    } catch (ChicoryException | IllegalArgumentException e) {
      throw new PluginAbiException(
          name, null, "plugin '" + name + "' is not a valid WebAssembly module: " + e.getMessage());
    }
    Function<Instance, Machine> machines;
    boolean interpreted = false;
    try {
      machines = compile(module, diskCache);
    } catch (RuntimeException | LinkageError fromCache) {
      try {
        if (diskCache == null) {
          throw fromCache;
        }
        // A damaged or stale cache entry must cost a compile, never the compiled mode.
        log()
            .log(
                Level.WARNING,
                "plugin ''{0}'': compile cache entry unusable ({1}); compiling again",
                name,
                fromCache.toString());
        diskCache.evict(module.digest());
        machines = compile(module, diskCache); // compiles and writes a good entry
      } catch (RuntimeException | LinkageError e) {
        log()
            .log(
                Level.WARNING,
                "plugin ''{0}'': the compiler cannot take this module ({1});"
                    + " running it in the interpreter",
                name,
                e.toString());
        machines = InterpreterMachine::new;
        interpreted = true;
      }
    }
    Compiled c = new Compiled(module, machines, interpreted);
    compiled.putIfAbsent(a.manifest().wasmSha256(), c);
    return c;
  }

  private static Function<Instance, Machine> compile(WasmModule module, DiskCompileCache cache) {
    MachineFactoryCompiler.Builder b =
        MachineFactoryCompiler.builder(module).withInterpreterFallback(InterpreterFallback.FAIL);
    if (cache != null && module.digest() != null) {
      b.withCache(cache);
    }
    return b.compile();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
