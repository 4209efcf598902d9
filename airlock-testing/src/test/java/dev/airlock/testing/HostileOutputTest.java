package dev.airlock.testing;

import static dev.airlock.testing.Chicory.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.ValType;
import dev.airlock.testing.Chicory.Engine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Output, alloc and log attacks run in Chicory 1.7.5's interpreter, with recording host functions:
 * each hook hands the host exactly the range or volume its header claims.
 */
class HostileOutputTest {
  private static final ValType I32 = ValType.I32;
  private static final ValType I64 = ValType.I64;

  @Test
  void hugeOutput_returnsOneHundredMiBOfA() {
    Instance instance =
        Chicory.builder(HostileModule.HUGE_OUTPUT, Engine.INTERPRETER)
            .withMemoryLimits(new MemoryLimits(1, 1601))
            .build();

    long packed = call(instance, HostileModules.RUN);

    assertThat(packed & 0xFFFF_FFFFL).isEqualTo(100L << 20);
    assertThat(instance.memory().read((int) (packed >>> 32) + (100 << 20) - 1))
        .isEqualTo((byte) 'A');
  }

  @Test
  void hugeOutput_underAMemoryCap_trapsInAlloc() {
    Instance instance =
        Chicory.builder(HostileModule.HUGE_OUTPUT, Engine.INTERPRETER)
            .withMemoryLimits(new MemoryLimits(1, 256))
            .build();

    assertThatThrownBy(() -> call(instance, HostileModules.RUN))
        .isExactlyInstanceOf(TrapException.class);
  }

  @Test
  void lyingOutput_returnsRangesOutsideMemory() {
    Instance instance = Chicory.instance(HostileModule.LYING_OUTPUT, Engine.INTERPRETER);
    Map<String, String> expected =
        Map.of(
            "length_past_end", "400+7fffffff",
            "pointer_past_end", "10000000+10",
            "wrapping_range", "fffffff0+20",
            "negative_length", "400+ffffffff",
            "length_overflows_int", "10000+7fff0000",
            "all_ones", "ffffffff+ffffffff");

    for (String hook : HostileModule.LYING_OUTPUT.hooks()) {
      long packed = call(instance, hook);
      assertThat(Long.toHexString(packed >>> 32) + "+" + Long.toHexString(packed & 0xFFFF_FFFFL))
          .as(hook)
          .isEqualTo(expected.get(hook));
    }
  }

  @Test
  void lyingOutput_chicoryReadBytesOverflowsItsOwnBoundsCheck() {
    Instance instance = Chicory.instance(HostileModule.LYING_OUTPUT, Engine.INTERPRETER);

    // 1024 + 0x7FFFFFFF is negative as an int, so Memory.readBytes passes its check and then
    // asks for a 2 GiB array. A host must check the range in 64-bit before calling it.
    assertThatThrownBy(() -> instance.memory().readBytes(1024, 0x7FFFFFFF))
        .isExactlyInstanceOf(OutOfMemoryError.class)
        .hasMessage("Requested array size exceeds VM limit");
    assertThatThrownBy(() -> instance.memory().readBytes(0xFFFFFFF0, 0x20))
        .isExactlyInstanceOf(WasmRuntimeException.class)
        .hasMessageStartingWith("out of bounds memory access");
  }

  @Test
  void badAlloc_returnsAPointerThatCannotHoldTheInput() {
    Instance instance = Chicory.instance(HostileModule.BAD_ALLOC, Engine.INTERPRETER);

    int ptr = (int) instance.export("alloc").apply(32)[0];

    assertThat(ptr).isEqualTo(0xFFFFFFF0);
    assertThatThrownBy(() -> instance.memory().write(ptr, new byte[32]))
        .isExactlyInstanceOf(WasmRuntimeException.class);
  }

  @Test
  void rawLogFlood_logsTheEscapeLineUntilStopped() {
    List<long[]> calls = new ArrayList<>();
    Instance instance = rawLogFlood(1000, calls);

    assertThatThrownBy(() -> call(instance, HostileModules.RUN)).isInstanceOf(Chicory.Stop.class);

    assertThat(calls).hasSize(1000).allSatisfy(c -> assertThat(c).containsExactly(2, 16, 118));
    String line = new String(instance.memory().readBytes(16, 118), StandardCharsets.UTF_8);
    assertThat(line).contains("\u001b[31;1mPWNED", "\r[INFO] airlock: all plugins verified\n");
  }

  @Test
  void rawLogFlood_otherHooksSendBadRangesLevelsAndBytes() {
    List<long[]> calls = new ArrayList<>();
    Instance instance = rawLogFlood(Integer.MAX_VALUE, calls);

    for (String hook : List.of("huge_message", "bad_pointer", "bad_level", "invalid_utf8")) {
      call(instance, hook);
    }

    assertThat(calls.get(0)[0]).isEqualTo(2);
    assertThat(calls.get(0)[2]).isEqualTo(8 << 20);
    assertThat(calls).hasSize(7);
    assertThat(calls.subList(1, 6))
        .extracting(c -> List.of(c[0] & 0xFFFF_FFFFL, c[1] & 0xFFFF_FFFFL, c[2] & 0xFFFF_FFFFL))
        .containsExactly(
            List.of(2L, 0xFFFFFFF0L, 32L),
            List.of(2L, 0L, 0x7FFFFFFFL),
            List.of(99L, 16L, 118L),
            List.of(0xFFFFFFFFL, 16L, 118L),
            List.of(5L, 16L, 118L));
    assertThat(instance.memory().readBytes((int) calls.get(6)[1], (int) calls.get(6)[2]))
        .containsExactly(0x80, 0xC0, 0x80, 0xED, 0xA0, 0x80, 0xFF);
  }

  @Test
  void extismHugeOutput_setsOneHundredMiBOfOutput() {
    List<long[]> outputs = new ArrayList<>();
    var alloc = kernel("alloc", FunctionType.of(List.of(I64), List.of(I64)), args -> 4096);
    var outputSet =
        new HostFunction(
            "extism:host/env",
            "output_set",
            FunctionType.of(List.of(I64, I64), List.of()),
            (instance, args) -> {
              outputs.add(args.clone());
              return null;
            });
    var errorSet = kernel("error_set", FunctionType.of(List.of(I64), List.of()), args -> 0);
    Instance instance =
        Chicory.builder(HostileModule.EXTISM_HUGE_OUTPUT, Engine.INTERPRETER)
            .withImportValues(
                ImportValues.builder().addFunction(alloc, outputSet, errorSet).build())
            .build();

    assertThat(instance.export("run").apply()).containsExactly(0);
    assertThat(instance.export("huge_error").apply()).containsExactly(1);
    assertThat(outputs)
        .singleElement()
        .satisfies(o -> assertThat(o).containsExactly(4096, 100 << 20));
  }

  private static Instance rawLogFlood(int limit, List<long[]> calls) {
    var log =
        Chicory.stopAfter(
            "env", "log", FunctionType.of(List.of(I32, I32, I32), List.of()), limit, calls);
    return Chicory.builder(HostileModule.RAW_LOG_FLOOD, Engine.INTERPRETER)
        .withImportValues(ImportValues.builder().addFunction(log).build())
        .build();
  }

  private static HostFunction kernel(
      String name, FunctionType type, java.util.function.ToLongFunction<long[]> result) {
    return new HostFunction(
        "extism:host/env",
        name,
        type,
        (instance, args) ->
            type.returns().isEmpty() ? null : new long[] {result.applyAsLong(args)});
  }
}
