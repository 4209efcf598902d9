package dev.airlock.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every hostile module parses with Chicory 1.7.5 and has the shape its header claims. */
class HostileModulesTest {
  private static final Path SOURCES = Path.of("src/main/resources/dev/airlock/testing/hostile");
  private static final ValType I32 = ValType.I32;
  private static final ValType I64 = ValType.I64;
  private static final FunctionType HOOK = FunctionType.of(List.of(I32, I32), List.of(I64));
  private static final FunctionType OBSERVER = FunctionType.of(List.of(I32, I32), List.of());
  private static final Set<HostileModule> ABI_ATTACKS =
      Set.of(HostileModule.BAD_ABI_EXPORTS, HostileModule.MISSING_ABI_EXPORTS);

  @ParameterizedTest
  @EnumSource(HostileModule.class)
  void wasm_parsesWithChicoryAndExportsEveryHook(HostileModule module) {
    assertThat(exports(Chicory.parse(module))).containsKeys(module.hooks().toArray(String[]::new));
  }

  @ParameterizedTest
  @EnumSource(HostileModule.class)
  void abi_isWhatDetectionFromTheImportsGives(HostileModule module) {
    boolean extism =
        Chicory.parse(module).importSection().stream()
            .anyMatch(i -> i.module().equals("extism:host/env"));

    assertThat(module.abi()).isEqualTo(extism ? "extism" : "raw");
  }

  @ParameterizedTest
  @EnumSource(HostileModule.class)
  void wat_headerSaysWhatItAttacksAndWhatACorrectHostDoes(HostileModule module) {
    String wat = module.wat();

    assertThat(wat).startsWith(";; " + module.fileName().replace(".wat", ": "));
    assertThat(wat).contains("\n;; Attack", "\n;; A correct host");
  }

  static Stream<HostileModule> rawModules() {
    return Arrays.stream(HostileModule.values())
        .filter(m -> m.abi().equals("raw") && !ABI_ATTACKS.contains(m));
  }

  @ParameterizedTest
  @MethodSource("rawModules")
  void rawModule_exportsMemoryAllocAndDealloc(HostileModule module) {
    WasmModule parsed = Chicory.parse(module);

    assertThat(exports(parsed)).containsEntry("memory", ExternalType.MEMORY);
    assertThat(Chicory.exportType(parsed, "alloc"))
        .isEqualTo(FunctionType.of(List.of(I32), List.of(I32)));
    assertThat(Chicory.exportType(parsed, "dealloc")).isEqualTo(OBSERVER);
  }

  @ParameterizedTest
  @MethodSource("rawModules")
  void rawModule_hooksHaveAHookType(HostileModule module) {
    if (module == HostileModule.BAD_HOOK_SIGNATURES) {
      return; // the attack: see badHookSignatures_haveTheWrongKindsAndTypes
    }
    WasmModule parsed = Chicory.parse(module);
    for (String hook : module.hooks()) {
      assertThat(Chicory.exportType(parsed, hook)).as(hook).isIn(HOOK, OBSERVER);
    }
  }

  static Stream<HostileModule> extismModules() {
    return Arrays.stream(HostileModule.values()).filter(m -> m.abi().equals("extism"));
  }

  @ParameterizedTest
  @MethodSource("extismModules")
  void extismModule_exportsNoArgumentI32FunctionsAndImportsOnlyTheKernel(HostileModule module) {
    WasmModule parsed = Chicory.parse(module);

    for (String hook : module.hooks()) {
      assertThat(Chicory.exportType(parsed, hook)).as(hook).isEqualTo(FunctionType.returning(I32));
    }
    assertThat(parsed.importSection().stream().map(i -> i.module()))
        .containsOnly("extism:host/env");
  }

  @Test
  void corpus_isEveryWatFileInTheSourceTree() throws IOException {
    try (Stream<Path> files = Files.list(SOURCES)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(
              Arrays.stream(HostileModule.values())
                  .map(HostileModule::fileName)
                  .toArray(String[]::new));
    }
  }

  @Test
  void all_isEveryModule() {
    assertThat(HostileModules.all()).containsExactly(HostileModule.values());
  }

  @Test
  void eachModuleMethod_returnsThatModulesWasm() throws ReflectiveOperationException {
    Map<HostileModule, Method> methods = new HashMap<>();
    for (Method m : HostileModules.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && m.getReturnType() == byte[].class) {
        String constant =
            m.getName().replaceAll("([A-Z])", "_$1").toUpperCase(java.util.Locale.ROOT);
        methods.put(HostileModule.valueOf(constant), m);
      }
    }

    assertThat(methods).containsOnlyKeys(HostileModule.values());
    for (var e : methods.entrySet()) {
      assertThat((byte[]) e.getValue().invoke(null))
          .as(e.getKey().name())
          .isEqualTo(e.getKey().wasm());
    }
  }

  @Test
  void wasm_returnsAFreshCopyEachTime() {
    byte[] first = HostileModules.traps();
    first[0] = 'X';

    assertThat(HostileModules.traps()).startsWith(0, 'a', 's', 'm');
  }

  @Test
  void traps_hasOneHookPerTrapKind() {
    assertThat(HostileModule.TRAPS.hooks())
        .containsExactly(
            Arrays.stream(HostileTrap.values()).map(HostileTrap::hook).toArray(String[]::new));
  }

  @Test
  void floods_writeTerminalEscapesAndAForgedHostLine() {
    for (var module :
        List.of(
            HostileModule.RAW_LOG_FLOOD,
            HostileModule.WASI_STDIO_FLOOD,
            HostileModule.EXTISM_LOG_FLOOD)) {
      String line =
          new String(
              Chicory.parse(module).dataSection().getDataSegment(0).data(), StandardCharsets.UTF_8);

      assertThat(line)
          .as(module.name())
          .startsWith("\u001b[2J\u001b[H\u001b[31;1mPWNED")
          .contains("\r[INFO] airlock: all plugins verified\n", "\u0000", "\u001b]8;;", "\u202e");
    }
  }

  @Test
  void wasiModules_importOnlyWasiPreview1() {
    for (var module :
        List.of(
            HostileModule.WASI_FILE_ACCESS,
            HostileModule.WASI_STDIO_FLOOD,
            HostileModule.WASI_ENVIRONMENT,
            HostileModule.WASI_CLOCK_RANDOM,
            HostileModule.WASI_PROC_EXIT)) {
      assertThat(Chicory.parse(module).importSection().stream().map(i -> i.module()))
          .as(module.name())
          .containsOnly("wasi_snapshot_preview1");
    }
  }

  static Map<String, ExternalType> exports(WasmModule module) {
    Map<String, ExternalType> exports = new HashMap<>();
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      var export = module.exportSection().getExport(i);
      exports.put(export.name(), export.exportType());
    }
    return exports;
  }
}
