package dev.airlock.testing;

import static dev.airlock.testing.HostileModulesTest.exports;
import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The declarations each attack depends on, read back with Chicory 1.7.5's parser. */
class HostileModuleShapesTest {
  private static final ValType I32 = ValType.I32;
  private static final ValType I64 = ValType.I64;

  @Test
  void multiMemory_declaresTwoMemoriesAndExportsBoth() {
    WasmModule module = Chicory.parse(HostileModule.MULTI_MEMORY);

    assertThat(module.memorySection().orElseThrow().memoryCount()).isEqualTo(2);
    assertThat(exports(module))
        .containsEntry("memory", ExternalType.MEMORY)
        .containsEntry("memory2", ExternalType.MEMORY);
  }

  @Test
  void declaredHugeMemory_declares65536InitialPages() {
    assertThat(memoryLimits(HostileModule.DECLARED_HUGE_MEMORY).initialPages()).isEqualTo(65536);
  }

  @Test
  void declaredHugeMaximum_declaresOnePageGrowingTo65536() {
    MemoryLimits limits = memoryLimits(HostileModule.DECLARED_HUGE_MAXIMUM);

    assertThat(limits.initialPages()).isEqualTo(1);
    assertThat(limits.maximumPages()).isEqualTo(65536);
  }

  @Test
  void memoryBomb_declaresNoMaximum() {
    assertThat(memoryLimits(HostileModule.MEMORY_BOMB).maximumPages())
        .isEqualTo(MemoryLimits.MAX_PAGES);
  }

  @Test
  void atomicWait_declaresASharedMemory() {
    assertThat(memoryLimits(HostileModule.ATOMIC_WAIT).shared()).isTrue();
  }

  @Test
  void hugeDataSegment_initializesSixteenMiBOfMemory() {
    WasmModule module = Chicory.parse(HostileModule.HUGE_DATA_SEGMENT);

    assertThat(HostileModule.HUGE_DATA_SEGMENT.wat()).contains("\"@16MiB@\"");
    assertThat(memoryLimits(HostileModule.HUGE_DATA_SEGMENT).initialPages()).isEqualTo(257);
    byte[] data = module.dataSection().getDataSegment(0).data();
    assertThat(data).hasSize(16 << 20);
    assertThat(data[0]).isEqualTo((byte) 'A');
    assertThat(data[data.length - 1]).isEqualTo((byte) 'A');
  }

  @Test
  void declaredHugeTable_declaresTenMillionEntries() {
    WasmModule module = Chicory.parse(HostileModule.DECLARED_HUGE_TABLE);

    assertThat(module.tableSection().getTable(0).limits().min()).isEqualTo(10_000_000L);
  }

  @Test
  void startFunctions_areDeclaredWhereTheAttackIsInstantiation() {
    assertThat(Chicory.parse(HostileModule.LOOP_IN_START).startSection()).isPresent();
    assertThat(Chicory.parse(HostileModule.TRAP_IN_START).startSection()).isPresent();
    assertThat(Chicory.exportType(Chicory.parse(HostileModule.LOOP_IN_INITIALIZE), "_initialize"))
        .isEqualTo(FunctionType.empty());
    assertThat(Chicory.exportType(Chicory.parse(HostileModule.LOOP_IN_WASI_START), "_start"))
        .isEqualTo(FunctionType.empty());
  }

  @Test
  void missingImport_importsEnvLaunchMissiles() {
    WasmModule module = Chicory.parse(HostileModule.MISSING_IMPORT);

    assertThat(Chicory.functionImports(module))
        .singleElement()
        .satisfies(i -> assertThat(i.module() + "." + i.name()).isEqualTo("env.launch_missiles"));
    assertThat(Chicory.functionType(module, 0))
        .isEqualTo(FunctionType.of(List.of(I32), List.of(I32)));
  }

  @Test
  void wrongImportSignatures_importRealFunctionsAsI64ToI64() {
    assertThat(onlyImport(HostileModule.WRONG_IMPORT_SIGNATURE))
        .isEqualTo("env.kv_get (i64) -> i64");
    assertThat(onlyImport(HostileModule.WRONG_WASI_SIGNATURE))
        .isEqualTo("wasi_snapshot_preview1.fd_write (i64) -> i64");
  }

  @Test
  void nonFunctionImports_importAMemoryATableAndAGlobal() {
    WasmModule module = Chicory.parse(HostileModule.NON_FUNCTION_IMPORTS);

    assertThat(module.importSection().stream().map(i -> i.name() + ":" + i.importType()))
        .containsExactly("memory:MEMORY", "table:TABLE", "secret:GLOBAL");
  }

  @Test
  void badAbiExports_haveTheWrongKindsAndTypes() {
    WasmModule module = Chicory.parse(HostileModule.BAD_ABI_EXPORTS);

    assertThat(Chicory.exportType(module, "memory")).isEqualTo(FunctionType.empty());
    assertThat(Chicory.exportType(module, "alloc"))
        .isEqualTo(FunctionType.of(List.of(I64), List.of(I64)));
    assertThat(Chicory.exportType(module, "dealloc"))
        .isEqualTo(FunctionType.of(List.of(I32), List.of(I32)));
  }

  @Test
  void missingAbiExports_exportsOnlyTheHook() {
    assertThat(exports(Chicory.parse(HostileModule.MISSING_ABI_EXPORTS)))
        .containsOnlyKeys(HostileModules.RUN);
  }

  @Test
  void badHookSignatures_haveTheWrongKindsAndTypes() {
    WasmModule module = Chicory.parse(HostileModule.BAD_HOOK_SIGNATURES);

    assertThat(Chicory.exportType(module, "run"))
        .isEqualTo(FunctionType.of(List.of(I32), List.of(I32)));
    assertThat(Chicory.exportType(module, "takes_floats"))
        .isEqualTo(FunctionType.of(List.of(ValType.F32, ValType.F32), List.of(I64)));
    assertThat(Chicory.exportType(module, "returns_pair"))
        .isEqualTo(FunctionType.of(List.of(I32, I32), List.of(I32, I32)));
    assertThat(Chicory.exportType(module, "returns_i32"))
        .isEqualTo(FunctionType.of(List.of(I32, I32), List.of(I32)));
    assertThat(exports(module))
        .containsEntry("pre_query", ExternalType.GLOBAL)
        .containsEntry("post_query", ExternalType.TABLE);
  }

  @Test
  void rawLogFlood_importsEnvLog() {
    assertThat(onlyImport(HostileModule.RAW_LOG_FLOOD)).isEqualTo("env.log (i32, i32, i32) -> ()");
  }

  private static MemoryLimits memoryLimits(HostileModule module) {
    return Chicory.parse(module).memorySection().orElseThrow().getMemory(0).limits();
  }

  private static String onlyImport(HostileModule module) {
    WasmModule parsed = Chicory.parse(module);
    List<FunctionImport> imports = Chicory.functionImports(parsed);
    assertThat(imports).hasSize(1);
    FunctionType type = Chicory.functionType(parsed, 0);
    return imports.get(0).module() + "." + imports.get(0).name() + " " + signature(type);
  }

  private static String signature(FunctionType type) {
    return "("
        + names(type.params())
        + ") -> "
        + (type.returns().size() == 1 ? names(type.returns()) : "(" + names(type.returns()) + ")");
  }

  private static String names(List<ValType> types) {
    return String.join(
        ", ", types.stream().map(t -> t.toString().toLowerCase(java.util.Locale.ROOT)).toList());
  }
}
