package dev.airlock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A raw-ABI example module run with plain Chicory, called the way docs/abi.md says a host calls it,
 * with a minimal {@code env} host (in-memory KV and config, logs kept in a list) and WASI preview 1
 * with nothing granted. Not thread-safe.
 */
final class RawPlugin {
  /** The most output bytes a call may return; a larger length fails the test. */
  static final int OUTPUT_CAP = 8 << 20;

  private static final int MISSING = -1;
  private static final int TOO_LONG = -2;

  private final Instance instance;
  private final Map<String, byte[]> config = new HashMap<>();
  private final Map<String, byte[]> kv = new HashMap<>();
  private final List<String> logs = new ArrayList<>();

  private RawPlugin(String name, Map<String, String> config) {
    config.forEach((k, v) -> this.config.put(k, v.getBytes(StandardCharsets.UTF_8)));
    WasmModule module = WasmModules.parse(name);
    WasiPreview1 wasi = WasiPreview1.builder().withOptions(WasiOptions.builder().build()).build();
    ImportValues imports =
        ImportValues.builder().addFunction(wasi.toHostFunctions()).addFunction(env()).build();
    instance = Instance.builder(module).withImportValues(imports).build();
    if (WasmModules.exports(module).containsKey("_initialize")) {
      instance.export("_initialize").apply();
    }
  }

  static RawPlugin load(String name) {
    return new RawPlugin(name, Map.of());
  }

  static RawPlugin load(String name, Map<String, String> config) {
    return new RawPlugin(name, config);
  }

  /** Calls hook with input; its output, or null for "continue" (a 0 result). */
  byte[] call(String hook, byte[] input) {
    ExportFunction alloc = instance.export("alloc");
    ExportFunction dealloc = instance.export("dealloc");
    Memory memory = instance.memory();
    int in = (int) alloc.apply(input.length)[0];
    assertThat(in).as("alloc(%d)", input.length).isNotZero();
    memory.write(in, input);
    long packed = instance.export(hook).apply(in, input.length)[0];
    byte[] output = null;
    if (packed != 0) {
      int out = (int) (packed >>> 32);
      int length = (int) packed;
      assertThat(Integer.toUnsignedLong(length))
          .as("output length")
          .isLessThanOrEqualTo(OUTPUT_CAP);
      output = memory.readBytes(out, length);
      dealloc.apply(out, length);
    }
    dealloc.apply(in, input.length);
    return output;
  }

  /** Calls hook with UTF-8 text; the output as text, or null for "continue". */
  String call(String hook, String input) {
    byte[] output = call(hook, input.getBytes(StandardCharsets.UTF_8));
    return output == null ? null : new String(output, StandardCharsets.UTF_8);
  }

  List<String> logs() {
    return logs;
  }

  private HostFunction[] env() {
    return new HostFunction[] {
      function("kv_get", 4, (m, a) -> lookup(m, kv, a)),
      function(
          "kv_set",
          4,
          (m, a) -> {
            kv.put(string(m, a[0], a[1]), m.readBytes(a[2], a[3]));
            return 0;
          }),
      function("kv_delete", 2, (m, a) -> kv.remove(string(m, a[0], a[1])) == null ? MISSING : 0),
      function(
          "sha256_hex",
          3,
          (m, a) -> {
            byte[] hex = HexFormat.of().formatHex(sha256(m.readBytes(a[0], a[1]))).getBytes();
            m.write(a[2], hex);
            return hex.length;
          }),
      new HostFunction(
          "env",
          "log",
          FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32), List.of()),
          (inst, args) -> {
            logs.add(args[0] + ": " + string(inst.memory(), (int) args[1], (int) args[2]));
            return null;
          }),
      function("config_get", 4, (m, a) -> lookup(m, config, a)),
    };
  }

  /** kv_get and config_get: (key_ptr, key_len, out_ptr, out_max) -> length, -1 or -2. */
  private static int lookup(Memory memory, Map<String, byte[]> values, int[] args) {
    byte[] value = values.get(string(memory, args[0], args[1]));
    if (value == null) {
      return MISSING;
    }
    if (value.length > args[3]) {
      return TOO_LONG;
    }
    memory.write(args[2], value);
    return value.length;
  }

  private interface I32Function {
    int apply(Memory memory, int[] args);
  }

  /** An env import taking arity i32 arguments and returning an i32. */
  private static HostFunction function(String name, int arity, I32Function body) {
    List<ValType> params = new ArrayList<>();
    for (int i = 0; i < arity; i++) {
      params.add(ValType.I32);
    }
    return new HostFunction(
        "env",
        name,
        FunctionType.of(params, List.of(ValType.I32)),
        (inst, args) -> {
          int[] ints = new int[args.length];
          for (int i = 0; i < args.length; i++) {
            ints[i] = (int) args[i];
          }
          return new long[] {body.apply(inst.memory(), ints)};
        });
  }

  private static String string(Memory memory, int ptr, int len) {
    return new String(memory.readBytes(ptr, len), StandardCharsets.UTF_8);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
