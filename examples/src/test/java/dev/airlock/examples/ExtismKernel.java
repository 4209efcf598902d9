package dev.airlock.examples;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of the {@code extism:host/env} imports to run the Extism-ABI example: host memory as
 * one growing byte array of blocks that are never reused, input, output, error, config, vars and
 * logs. Offsets start at 1, so 0 means "none". Not thread-safe.
 */
final class ExtismKernel {
  private static final String MODULE = "extism:host/env";

  private ByteBuffer heap = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private int top = 1;
  private final Map<Long, Long> blocks = new HashMap<>();
  private final Map<String, String> config;
  private final Map<String, byte[]> vars = new HashMap<>();
  private final List<String> logs = new ArrayList<>();
  private final Instance instance;
  private byte[] input = new byte[0];
  private byte[] output;
  private String error;

  ExtismKernel(String name, Map<String, String> config) {
    this.config = Map.copyOf(config);
    WasiPreview1 wasi = WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build();
    ImportValues imports =
        ImportValues.builder().addFunction(wasi.toHostFunctions()).addFunction(env()).build();
    instance = Instance.builder(WasmModules.parse(name)).withImportValues(imports).build();
    instance.export("_initialize").apply();
  }

  /** Calls an exported function with input; its i32 result. Output and error are kept. */
  int call(String function, String input) {
    this.input = input.getBytes(StandardCharsets.UTF_8);
    output = null;
    error = null;
    return (int) instance.export(function).apply()[0];
  }

  String output() {
    return output == null ? null : new String(output, StandardCharsets.UTF_8);
  }

  String error() {
    return error;
  }

  List<String> logs() {
    return logs;
  }

  /** Blocks allocated in host memory and not freed: outputs and anything the plugin leaked. */
  int liveBlocks() {
    return blocks.size();
  }

  String var(String key) {
    byte[] value = vars.get(key);
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  private long alloc(long size) {
    long offset = top;
    top = Math.addExact(top, Math.toIntExact(size));
    if (top > heap.capacity()) {
      heap =
          ByteBuffer.wrap(Arrays.copyOf(heap.array(), Math.max(top, heap.capacity() * 2)))
              .order(ByteOrder.LITTLE_ENDIAN);
    }
    blocks.put(offset, size);
    return offset;
  }

  private byte[] block(long offset) {
    Long length = blocks.get(offset);
    if (length == null) {
      throw new IllegalArgumentException("no block at offset " + offset);
    }
    return Arrays.copyOfRange(heap.array(), (int) offset, (int) (offset + length));
  }

  private long store(byte[] data) {
    long offset = alloc(data.length);
    heap.put((int) offset, data);
    return offset;
  }

  /** Host memory reads and writes must stay below the highest block's end. */
  private int at(long offset, int width) {
    if (offset < 1 || offset + width > top) {
      throw new IllegalArgumentException("offset " + offset + " outside host memory");
    }
    return (int) offset;
  }

  private String text(long offset) {
    return new String(block(offset), StandardCharsets.UTF_8);
  }

  private HostFunction[] env() {
    ValType i32 = ValType.I32;
    ValType i64 = ValType.I64;
    return new HostFunction[] {
      fn("input_length", List.of(), List.of(i64), a -> input.length),
      fn("input_load_u8", List.of(i64), List.of(i32), a -> input[(int) a[0]] & 0xff),
      fn(
          "input_load_u64",
          List.of(i64),
          List.of(i64),
          a -> ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN).getLong((int) a[0])),
      fn("alloc", List.of(i64), List.of(i64), a -> alloc(a[0])),
      proc("free", List.of(i64), a -> blocks.remove(a[0])),
      fn("length", List.of(i64), List.of(i64), a -> blocks.getOrDefault(a[0], 0L)),
      fn("load_u8", List.of(i64), List.of(i32), a -> heap.get(at(a[0], 1)) & 0xff),
      fn("load_u64", List.of(i64), List.of(i64), a -> heap.getLong(at(a[0], 8))),
      proc("store_u8", List.of(i64, i32), a -> heap.put(at(a[0], 1), (byte) a[1])),
      proc("store_u64", List.of(i64, i64), a -> heap.putLong(at(a[0], 8), a[1])),
      proc(
          "output_set",
          List.of(i64, i64),
          a -> output = Arrays.copyOfRange(heap.array(), at(a[0], 0), at(a[0] + a[1], 0))),
      proc("error_set", List.of(i64), a -> error = text(a[0])),
      fn(
          "config_get",
          List.of(i64),
          List.of(i64),
          a -> {
            String value = config.get(text(a[0]));
            return value == null ? 0 : store(value.getBytes(StandardCharsets.UTF_8));
          }),
      fn(
          "var_get",
          List.of(i64),
          List.of(i64),
          a -> {
            byte[] value = vars.get(text(a[0]));
            return value == null ? 0 : store(value);
          }),
      proc(
          "var_set",
          List.of(i64, i64),
          a -> {
            if (a[1] == 0) {
              vars.remove(text(a[0]));
            } else {
              vars.put(text(a[0]), block(a[1]));
            }
          }),
      log("debug"),
      log("info"),
      log("warn"),
      log("error"),
    };
  }

  private HostFunction log(String level) {
    return proc("log_" + level, List.of(ValType.I64), a -> logs.add(level + ": " + text(a[0])));
  }

  private interface Body {
    long apply(long[] args);
  }

  private interface Action {
    void apply(long[] args);
  }

  /** An import returning one value. */
  private static HostFunction fn(
      String name, List<ValType> params, List<ValType> results, Body body) {
    WasmFunctionHandle handle = (inst, args) -> new long[] {body.apply(args)};
    return new HostFunction(MODULE, name, FunctionType.of(params, results), handle);
  }

  /** An import returning nothing. */
  private static HostFunction proc(String name, List<ValType> params, Action action) {
    WasmFunctionHandle handle =
        (inst, args) -> {
          action.apply(args);
          return null;
        };
    return new HostFunction(MODULE, name, FunctionType.of(params, List.of()), handle);
  }
}
