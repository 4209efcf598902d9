package dev.airlock.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.dylibso.chicory.wasm.WasmModule;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The modules the build compiled from examples/plugins match docs/abi.md, and the simplest run. The
 * hook-specific behaviour is in {@link CostGovernorTest}, {@link PiiRedactorTest} and {@link
 * GreeterTest}.
 */
class ExamplesBuildTest {
  private static final String HOOK = "(i32,i32)->i64";

  /** The extism:host/env imports as Extism documents them. */
  private static final Map<String, String> EXTISM_ENV =
      Map.ofEntries(
          entry("input_length", "()->i64"),
          entry("input_load_u8", "(i64)->i32"),
          entry("input_load_u64", "(i64)->i64"),
          entry("alloc", "(i64)->i64"),
          entry("free", "(i64)->"),
          entry("length", "(i64)->i64"),
          entry("load_u8", "(i64)->i32"),
          entry("load_u64", "(i64)->i64"),
          entry("store_u8", "(i64,i32)->"),
          entry("store_u64", "(i64,i64)->"),
          entry("output_set", "(i64,i64)->"),
          entry("error_set", "(i64)->"),
          entry("config_get", "(i64)->i64"),
          entry("var_get", "(i64)->i64"),
          entry("var_set", "(i64,i64)->"),
          entry("log_info", "(i64)->"),
          entry("log_debug", "(i64)->"),
          entry("log_warn", "(i64)->"),
          entry("log_error", "(i64)->"));

  @ParameterizedTest
  @CsvSource({
    "echo,echo",
    "uppercase,uppercase",
    "cost-governor,pre_query",
    "pii-redactor,post_query"
  })
  void rawModule_exportsMemoryAllocatorReactorInitAndItsHook(String name, String hook) {
    assertThat(WasmModules.exports(WasmModules.parse(name)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "memory",
                "memory",
                "_initialize",
                "()->",
                "alloc",
                "(i32)->i32",
                "dealloc",
                "(i32,i32)->",
                hook,
                HOOK));
  }

  @ParameterizedTest
  @CsvSource({"echo", "uppercase", "pii-redactor"})
  void rawModule_withoutHostCalls_importsNothing(String name) {
    // wasi-libc's malloc, string and ctype functions need no WASI import.
    assertThat(WasmModules.imports(WasmModules.parse(name))).isEmpty();
  }

  @Test
  void costGovernor_importsOnlyConfigGet() {
    assertThat(WasmModules.imports(WasmModules.parse("cost-governor")))
        .containsExactly(entry("env.config_get", "(i32,i32,i32,i32)->i32"));
  }

  @Test
  void greeter_importsOnlyExtismEnvWithDocumentedSignatures() {
    Map<String, String> imports = WasmModules.imports(WasmModules.parse("greeter"));

    assertThat(imports).isNotEmpty();
    imports.forEach(
        (name, signature) -> {
          assertThat(name).startsWith("extism:host/env.");
          assertThat(signature)
              .as(name)
              .isEqualTo(EXTISM_ENV.get(name.substring("extism:host/env.".length())));
        });
    assertThat(imports)
        .containsKeys(
            "extism:host/env.config_get",
            "extism:host/env.var_get",
            "extism:host/env.var_set",
            "extism:host/env.log_info",
            "extism:host/env.output_set",
            "extism:host/env.error_set");
  }

  @Test
  void greeter_exportsItsFunctionsAsExtismDoes() {
    assertThat(WasmModules.exports(WasmModules.parse("greeter")))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "memory", "memory", "_initialize", "()->", "greet", "()->i32", "fail", "()->i32"));
  }

  @ParameterizedTest
  @CsvSource({"echo", "uppercase", "cost-governor", "pii-redactor", "greeter"})
  void module_carriesNoCustomSections(String name) {
    // No debug info, names or producers: nothing that differs between build machines.
    WasmModule module = WasmModules.parse(name);
    assertThat(module.customSections()).isEmpty();
    assertThat(new String(WasmModules.bytes(name), StandardCharsets.ISO_8859_1))
        .doesNotContain("/work/", "/tmp/", "/home/", "clang");
  }

  @Test
  void echo_returnsItsInput() {
    RawPlugin echo = RawPlugin.load("echo");

    assertThat(echo.call("echo", "héllo, wörld")).isEqualTo("héllo, wörld");
    assertThat(echo.call("echo", "second call")).isEqualTo("second call");
  }

  @Test
  void echo_emptyInput_continues() {
    assertThat(RawPlugin.load("echo").call("echo", "")).isNull();
  }

  @Test
  void echo_oneMebibyte_returnsItUnchanged() {
    byte[] input = new byte[1 << 20];
    for (int i = 0; i < input.length; i++) {
      input[i] = (byte) (i * 31);
    }

    assertThat(RawPlugin.load("echo").call("echo", input)).isEqualTo(input);
  }

  @Test
  void uppercase_upperCasesAsciiLettersOnly() {
    RawPlugin uppercase = RawPlugin.load("uppercase");

    assertThat(uppercase.call("uppercase", "Hello, wörld! abc-xyz 123"))
        .isEqualTo("HELLO, WöRLD! ABC-XYZ 123");
  }

  @Test
  void uppercase_binaryInput_changesOnlyAsciiLowerCase() {
    byte[] input = new byte[256];
    for (int i = 0; i < input.length; i++) {
      input[i] = (byte) i;
    }
    byte[] expected = Arrays.copyOf(input, input.length);
    for (int c = 'a'; c <= 'z'; c++) {
      expected[c] = (byte) (c - 32);
    }

    assertThat(RawPlugin.load("uppercase").call("uppercase", input)).isEqualTo(expected);
  }
}
