package dev.airlock.testing;

import static dev.airlock.testing.Chicory.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmException;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.ValType;
import dev.airlock.testing.Chicory.Engine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus run in plain Chicory 1.7.5, on both engines: each module does what it claims, and the
 * assertions record how Chicory surfaces it (exception types and messages a host has to map).
 */
class HostileModulesInChicoryTest {
  private static final MemoryLimits CAP_256_PAGES = new MemoryLimits(1, 256);

  static Stream<Arguments> trapsOnEachEngine() {
    return Arrays.stream(Engine.values())
        .flatMap(e -> Arrays.stream(HostileTrap.values()).map(t -> Arguments.of(e, t)));
  }

  @ParameterizedTest
  @MethodSource("trapsOnEachEngine")
  void traps_eachHookTrapsWithItsKind(Engine engine, HostileTrap trap) {
    Instance instance = Chicory.instance(HostileModule.TRAPS, engine);

    // Chicory 1.7.5 throws three types: TrapException for unreachable, WasmRuntimeException for
    // arithmetic, memory and table traps, and a bare ChicoryException for call_indirect.
    Class<? extends ChicoryException> type =
        switch (trap) {
          case UNREACHABLE -> TrapException.class;
          case UNDEFINED_ELEMENT, UNINITIALIZED_ELEMENT, INDIRECT_CALL_TYPE_MISMATCH ->
              ChicoryException.class;
          default -> WasmRuntimeException.class;
        };
    String message =
        trap == HostileTrap.UNREACHABLE ? "Trapped on unreachable instruction" : trap.specMessage();
    assertThatThrownBy(() -> call(instance, trap.hook()))
        .isExactlyInstanceOf(type)
        .hasMessageStartingWith(message);
  }

  static Stream<Arguments> recursionOnEachEngine() {
    return Arrays.stream(Engine.values())
        .flatMap(e -> HostileModule.DEEP_RECURSION.hooks().stream().map(h -> Arguments.of(e, h)));
  }

  @ParameterizedTest
  @MethodSource("recursionOnEachEngine")
  void deepRecursion_exhaustsTheJvmStackAndChicoryReportsIt(Engine engine, String hook) {
    Instance instance = Chicory.instance(HostileModule.DEEP_RECURSION, engine);

    assertThatThrownBy(() -> call(instance, hook))
        .isExactlyInstanceOf(ChicoryException.class)
        .hasMessage("call stack exhausted")
        .hasCauseInstanceOf(StackOverflowError.class);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void uncaughtException_surfacesAsAWasmExceptionWithoutAMessage(Engine engine) {
    Instance instance = Chicory.instance(HostileModule.UNCAUGHT_EXCEPTION, engine);

    assertThatThrownBy(() -> call(instance, HostileModules.RUN))
        .isExactlyInstanceOf(WasmException.class)
        .hasMessage(null);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void instantiationTraps_areUninstantiable(Engine engine) {
    assertThatThrownBy(() -> Chicory.instance(HostileModule.TRAP_IN_START, engine))
        .isExactlyInstanceOf(UninstantiableException.class)
        .hasMessage("Trapped on unreachable instruction")
        .hasCauseInstanceOf(TrapException.class);
    assertThatThrownBy(() -> Chicory.instance(HostileModule.DATA_SEGMENT_OUT_OF_BOUNDS, engine))
        .isExactlyInstanceOf(UninstantiableException.class)
        .hasMessageStartingWith("out of bounds memory access");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void imports_theHostDoesNotProvide_areUnlinkable(Engine engine) {
    assertThatThrownBy(() -> Chicory.instance(HostileModule.MISSING_IMPORT, engine))
        .isExactlyInstanceOf(UnlinkableException.class)
        .hasMessage(
            "unknown import, could not find host function for import number: 0 named"
                + " env.launch_missiles");
    // Chicory says "host function" whatever the import's kind.
    assertThatThrownBy(() -> Chicory.instance(HostileModule.NON_FUNCTION_IMPORTS, engine))
        .isExactlyInstanceOf(UnlinkableException.class)
        .hasMessageEndingWith("named env.memory");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void wrongImportSignature_isUnlinkableAgainstTheRealFunction(Engine engine) {
    var i32 = ValType.I32;
    var kvGet =
        new HostFunction(
            "env",
            "kv_get",
            FunctionType.of(List.of(i32, i32, i32, i32), List.of(i32)),
            (instance, args) -> new long[] {-1});
    var builder =
        Chicory.builder(HostileModule.WRONG_IMPORT_SIGNATURE, engine)
            .withImportValues(ImportValues.builder().addFunction(kvGet).build());

    assertThatThrownBy(builder::build)
        .isExactlyInstanceOf(UnlinkableException.class)
        .hasMessage("incompatible import type for host function env.kv_get");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void badHookSignatures_chicoryDoesNotCheckTheArgumentsOfAnExportCall(Engine engine) {
    Instance instance = Chicory.instance(HostileModule.BAD_HOOK_SIGNATURES, engine);

    // run is (i32) -> i32: called with two arguments, both engines just run it.
    assertThat(instance.export("run").apply(0, 0)).containsExactly(0);
    assertThat(instance.export("returns_pair").apply(0, 0)).containsExactly(1024, 4);
    assertThatThrownBy(() -> instance.export("pre_query"))
        .isExactlyInstanceOf(InvalidException.class)
        .hasMessage("The export pre_query is of type GLOBAL and cannot be converted to FUNCTION");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void memoryBomb_stopsAtTheMemoryLimit(Engine engine) {
    Instance bomb =
        Chicory.builder(HostileModule.MEMORY_BOMB, engine).withMemoryLimits(CAP_256_PAGES).build();
    Instance atOnce =
        Chicory.builder(HostileModule.MEMORY_BOMB, engine).withMemoryLimits(CAP_256_PAGES).build();

    assertThat(Chicory.outputU32(bomb, call(bomb, "run"))).isEqualTo(256);
    assertThat(Chicory.outputU32(atOnce, call(atOnce, "grow_at_once"))).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void declaredHugeMemory_chicoryMemoryLimitsReplaceTheDeclaredSize(Engine engine) {
    // Not a check: the module declares 65536 pages and gets 1. A host must read the declared
    // limits itself (the memory factory sees them) and refuse.
    Instance instance =
        Chicory.builder(HostileModule.DECLARED_HUGE_MEMORY, engine)
            .withMemoryLimits(CAP_256_PAGES)
            .build();
    List<MemoryLimits> seen = new ArrayList<>();
    Chicory.builder(HostileModule.DECLARED_HUGE_MEMORY, engine)
        .withMemoryFactory(
            limits -> {
              seen.add(limits);
              return new ByteArrayMemory(new MemoryLimits(1, 1));
            })
        .build();

    assertThat(instance.memory().pages()).isEqualTo(1);
    assertThat(seen).containsExactly(new MemoryLimits(65536, MemoryLimits.MAX_PAGES));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void declaredHugeMaximum_growsOnlyToTheMemoryLimit(Engine engine) {
    Instance instance =
        Chicory.builder(HostileModule.DECLARED_HUGE_MAXIMUM, engine)
            .withMemoryLimits(CAP_256_PAGES)
            .build();

    assertThat(Chicory.outputU32(instance, call(instance, HostileModules.RUN))).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void multiMemory_chicoryMemoryLimitsCapOnlyTheFirstMemory(Engine engine) {
    List<MemoryLimits> seen = new ArrayList<>();
    Instance instance =
        Chicory.builder(HostileModule.MULTI_MEMORY, engine)
            .withMemoryLimits(CAP_256_PAGES)
            .withMemoryFactory(
                limits -> {
                  seen.add(limits);
                  return new ByteArrayMemory(new MemoryLimits(limits.initialPages(), 4));
                })
            .build();

    assertThat(seen).containsExactly(CAP_256_PAGES, new MemoryLimits(1, MemoryLimits.MAX_PAGES));
    assertThat(Chicory.outputU32(instance, call(instance, "grow_second"))).isEqualTo(4);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void tableBomb_stopsAtATableFactorysCap(Engine engine) {
    Instance instance =
        Chicory.builder(HostileModule.TABLE_BOMB, engine)
            .withTableFactory(
                (table, init) ->
                    new TableInstance(
                        new Table(
                            table.elementType(), new TableLimits(table.limits().min(), 2_000_001)),
                        init))
            .build();

    // Without a table factory Chicory's only cap is TableLimits.LIMIT_MAX entries per table.
    assertThat(TableLimits.LIMIT_MAX).isEqualTo(10_000_000L);
    assertThat(Chicory.outputU32(instance, call(instance, HostileModules.RUN)))
        .isEqualTo(2_000_001);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void hugeDataSegment_fillsSixteenMiBAtInstantiation(Engine engine) {
    Instance instance = Chicory.instance(HostileModule.HUGE_DATA_SEGMENT, engine);

    assertThat(instance.memory().pages()).isEqualTo(257);
    assertThat(instance.memory().read((16 << 20) - 1)).isEqualTo((byte) 'A');
  }
}
