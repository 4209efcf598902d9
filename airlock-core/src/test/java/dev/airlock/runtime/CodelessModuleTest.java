package dev.airlock.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.DataSegment;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CodelessModuleTest {
  private static final byte[] HEADER = {0, 'a', 's', 'm', 1, 0, 0, 0};

  @Test
  void exampleModule_keepsEverythingButItsCode() {
    byte[] wasm = TestPlugins.example("cost-governor");
    byte[] codeless = CodelessModule.of(wasm);

    WasmModule full = Parser.parse(wasm);
    WasmModule stripped = Parser.parse(codeless);
    assertThat(codeless.length).isLessThan(wasm.length / 4);
    assertThat(stripped.typeSection().types()).isEqualTo(full.typeSection().types());
    assertThat(stripped.importSection()).isEqualTo(full.importSection());
    assertThat(stripped.functionSection().functionCount())
        .isEqualTo(full.functionSection().functionCount());
    assertThat(stripped.codeSection().functionBodyCount())
        .isEqualTo(full.codeSection().functionBodyCount());
    assertThat(stripped.exportSection().exportCount())
        .isEqualTo(full.exportSection().exportCount());
    assertThat(stripped.memorySection().orElseThrow().getMemory(0).limits())
        .isEqualTo(full.memorySection().orElseThrow().getMemory(0).limits());
    // (segments hold byte offsets into the module, so only their contents compare)
    assertThat(Arrays.stream(stripped.dataSection().dataSegments()).map(DataSegment::data))
        .containsExactlyElementsOf(
            Arrays.stream(full.dataSection().dataSegments()).map(DataSegment::data).toList());
    assertThat(stripped.globalSection().globalCount())
        .isEqualTo(full.globalSection().globalCount());
  }

  @Test
  void bodiesBecomeUnreachable_customSectionsGo() {
    byte[] wasm =
        module(
            section(0, bytes(4, 'n', 'a', 'm', 'e', 9, 9)), // custom
            section(1, bytes(1, 0x60, 0, 0)), // type: () -> ()
            section(3, bytes(2, 0, 0)), // two functions of type 0
            section(10, bytes(2, 4, 0, 0x01, 0x01, 0x0b, 2, 0, 0x0b))); // nop nop end; end
    byte[] expected =
        module(
            section(1, bytes(1, 0x60, 0, 0)),
            section(3, bytes(2, 0, 0)),
            section(10, bytes(2, 3, 0, 0x00, 0x0b, 3, 0, 0x00, 0x0b)));

    assertThat(CodelessModule.of(wasm)).isEqualTo(expected);
  }

  @Test
  void hostileFraming_isRefusedWithWhere() {
    byte[] typeSection = section(1, bytes(1, 0x60, 0, 0));
    assertThatThrownBy(() -> CodelessModule.of(bytes('a', 's', 'm')))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a wasm 1.0 binary module");
    byte[] truncated = module(typeSection);
    assertThatThrownBy(() -> CodelessModule.of(Arrays.copyOf(truncated, truncated.length - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("section 1 at byte 10 claims 4 bytes; the module ends");
    assertThatThrownBy(() -> CodelessModule.of(module(section(10, bytes(1, 9, 0, 0x0b)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("function body 0 claims 9 bytes; the code section ends");
    assertThatThrownBy(() -> CodelessModule.of(module(section(10, bytes(1, 2, 0, 0x0b, 0x0b)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("code section has 1 bytes after its 1 bodies");
    assertThatThrownBy(
            () -> CodelessModule.of(concat(HEADER, bytes(1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("number longer than 5 bytes at byte 14");
    assertThatThrownBy(() -> CodelessModule.of(concat(HEADER, bytes(1, 0xff, 0xff))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the module ends inside a number at byte 11");
    assertThatThrownBy(
            () -> CodelessModule.of(concat(HEADER, bytes(1, 0xff, 0xff, 0xff, 0xff, 0x0f))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("number over 2^31 at byte 14");
  }

  private static byte[] module(byte[]... sections) {
    return concat(HEADER, concat(sections));
  }

  private static byte[] section(int id, byte[] payload) {
    return concat(bytes(id, payload.length), payload);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
