package dev.airlock.testing;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Plain Chicory 1.7.5, as a host would use it, for running the corpus in tests. */
final class Chicory {
  private static final Map<HostileModule, WasmModule> PARSED = new ConcurrentHashMap<>();

  private Chicory() {}

  /** Chicory's two execution engines: they differ in how some attacks surface. */
  enum Engine {
    INTERPRETER(InterpreterMachine::new),
    COMPILER(MachineFactoryCompiler::compile);

    private final Function<Instance, Machine> factory;

    Engine(Function<Instance, Machine> factory) {
      this.factory = factory;
    }
  }

  static WasmModule parse(HostileModule module) {
    return PARSED.computeIfAbsent(module, m -> Parser.parse(m.wasm()));
  }

  static Instance.Builder builder(HostileModule module, Engine engine) {
    return Instance.builder(parse(module)).withMachineFactory(engine.factory);
  }

  static Instance instance(HostileModule module, Engine engine) {
    return builder(module, engine).build();
  }

  static Instance withWasi(HostileModule module, Engine engine, WasiPreview1 wasi) {
    return builder(module, engine)
        .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
        .build();
  }

  /** Calls a raw-ABI hook with an empty input at address 0. */
  static long call(Instance instance, String hook) {
    return instance.export(hook).apply(0, 0)[0];
  }

  /** The output a raw hook returned, checked against memory in 64-bit arithmetic first. */
  static byte[] output(Instance instance, long packed) {
    long ptr = packed >>> 32;
    long len = packed & 0xFFFF_FFFFL;
    long size = (long) instance.memory().pages() * 65536;
    if (ptr + len > size) {
      throw new AssertionError("output [" + ptr + ", +" + len + ") is outside memory of " + size);
    }
    return instance.memory().readBytes((int) ptr, (int) len);
  }

  /** A raw hook's output that is one little-endian u32 (page or entry counts). */
  static int outputU32(Instance instance, long packed) {
    byte[] out = output(instance, packed);
    if (out.length != 4) {
      throw new AssertionError("expected 4 bytes of output, got " + out.length);
    }
    return ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  static FunctionType exportType(WasmModule module, String name) {
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      var export = module.exportSection().getExport(i);
      if (export.name().equals(name)) {
        if (export.exportType() != ExternalType.FUNCTION) {
          throw new AssertionError(name + " is a " + export.exportType() + ", not a function");
        }
        return functionType(module, export.index());
      }
    }
    throw new AssertionError("no export " + name);
  }

  static FunctionType functionType(WasmModule module, int functionIndex) {
    List<FunctionImport> imported = functionImports(module);
    if (functionIndex < imported.size()) {
      return module.typeSection().getType(imported.get(functionIndex).typeIndex());
    }
    return module
        .functionSection()
        .getFunctionType(functionIndex - imported.size(), module.typeSection());
  }

  static List<FunctionImport> functionImports(WasmModule module) {
    return module.importSection().stream()
        .filter(FunctionImport.class::isInstance)
        .map(FunctionImport.class::cast)
        .toList();
  }

  static FunctionType type(List<ValType> params, List<ValType> results) {
    return FunctionType.of(params, results);
  }

  /** A host function that throws {@link Stop} on its {@code limit}-th call, ending a flood. */
  static HostFunction stopAfter(
      String module, String name, FunctionType type, int limit, List<long[]> calls) {
    return new HostFunction(
        module,
        name,
        type,
        (instance, args) -> {
          calls.add(args.clone());
          if (calls.size() >= limit) {
            throw new Stop();
          }
          return type.returns().isEmpty() ? null : new long[type.returns().size()];
        });
  }

  /** Thrown by test host functions to end a plugin's loop. */
  static final class Stop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stop() {
      super("stopped by the test host", null, false, false);
    }
  }
}
