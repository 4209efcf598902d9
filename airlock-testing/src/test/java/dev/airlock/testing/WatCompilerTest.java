package dev.airlock.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import org.junit.jupiter.api.Test;

class WatCompilerTest {
  @Test
  void compile_emptyModule_givesJustThePreamble() {
    assertThat(WatCompiler.compile("(module)")).containsExactly(0, 'a', 's', 'm', 1, 0, 0, 0);
  }

  @Test
  void compile_enablesMultiMemory() {
    byte[] wasm = WatCompiler.compile("(module (memory 1) (memory 2))");

    assertThat(Parser.parse(wasm).memorySection().orElseThrow().memoryCount()).isEqualTo(2);
  }

  @Test
  void compile_invalidText_refusesWithWat2wasmsDiagnosticsWithoutColour() {
    assertThatThrownBy(() -> WatCompiler.compile("(module\n  (func bogus))"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "wat2wasm refused the module (exit code 1); fix the WebAssembly text:")
        .hasMessageContaining("-:2:9: error: unexpected token bogus")
        .hasMessageNotContaining("\u001b");
  }
}
