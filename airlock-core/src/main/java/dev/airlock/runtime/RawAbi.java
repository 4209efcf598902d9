package dev.airlock.runtime;

import static com.dylibso.chicory.wasm.types.ValType.I32;
import static com.dylibso.chicory.wasm.types.ValType.I64;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.airlock.internal.Digests;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * HeliosDB Proxy's raw ABI: {@code alloc}/{@code dealloc} exports, hooks {@code (ptr, len) -> i64}
 * returning {@code (out_ptr << 32) | out_len}, and host functions in module {@code env}. See
 * docs/abi.md.
 */
final class RawAbi implements AbiBinding {
  static final String MODULE = "env";
  private static final int MAX_KEY = KvStore.MAX_KEY_BYTES;
  private static final FunctionType HOOK = FunctionType.of(List.of(I32, I32), List.of(I64));
  private static final FunctionType OBSERVER = FunctionType.of(List.of(I32, I32), List.of());

  @Override
  public String importModule() {
    return MODULE;
  }

  @Override
  public Map<String, FunctionType> requiredExports() {
    return Map.of(
        "alloc", FunctionType.of(List.of(I32), List.of(I32)),
        "dealloc", FunctionType.of(List.of(I32, I32), List.of()));
  }

  @Override
  public List<FunctionType> hookTypes() {
    return List.of(HOOK, OBSERVER);
  }

  @Override
  public List<HostFunction> hostFunctions(InstanceSlot slot) {
    return List.of(
        fn(
            "kv_get",
            List.of(I32, I32, I32, I32),
            List.of(I32),
            (inst, a) -> {
              CallState c = slot.call();
              byte[] v = c.plugin.kv.get(GuestMemory.read(inst, a[0], a[1], MAX_KEY, "kv_get key"));
              return new long[] {copyOut(inst, v, a[2], a[3], "kv_get output")};
            }),
        fn(
            "kv_set",
            List.of(I32, I32, I32, I32),
            List.of(I32),
            (inst, a) -> {
              CallState c = slot.call();
              if ((a[3] & 0xffffffffL) > c.plugin.limits.maxKvValueBytes()) {
                return new long[] {-1}; // refused inside the guest, as docs/abi.md says
              }
              byte[] key = GuestMemory.read(inst, a[0], a[1], MAX_KEY, "kv_set key");
              byte[] value =
                  GuestMemory.read(
                      inst, a[2], a[3], c.plugin.limits.maxKvValueBytes(), "kv_set value");
              return new long[] {c.plugin.kv.set(key, value) ? 0 : -1};
            }),
        fn(
            "kv_delete",
            List.of(I32, I32),
            List.of(I32),
            (inst, a) -> {
              byte[] key = GuestMemory.read(inst, a[0], a[1], MAX_KEY, "kv_delete key");
              return new long[] {slot.call().plugin.kv.delete(key) ? 0 : -1};
            }),
        fn(
            "sha256_hex",
            List.of(I32, I32, I32),
            List.of(I32),
            (inst, a) -> {
              byte[] in =
                  GuestMemory.read(
                      inst,
                      a[0],
                      a[1],
                      slot.call().plugin.limits.maxInputBytes(),
                      "sha256_hex input");
              GuestMemory.write(
                  inst,
                  a[2],
                  Digests.sha256Hex(in).getBytes(StandardCharsets.US_ASCII),
                  "sha256_hex output");
              return new long[] {64};
            }),
        fn(
            "log",
            List.of(I32, I32, I32),
            List.of(),
            (inst, a) -> {
              CallState c = slot.call();
              byte[] msg = GuestMemory.read(inst, a[1], a[2], c.plugin.limits.maxLogBytes(), "log");
              LogLine.Level level = LogLine.Level.values()[Math.max(0, Math.min(4, (int) a[0]))];
              if (level.compareTo(c.plugin.logLevel) >= 0) {
                c.logs.add(level, msg);
              }
              return null;
            }),
        fn(
            "config_get",
            List.of(I32, I32, I32, I32),
            List.of(I32),
            (inst, a) -> {
              CallState c = slot.call();
              String key =
                  new String(
                      GuestMemory.read(inst, a[0], a[1], MAX_KEY, "config_get key"),
                      StandardCharsets.UTF_8);
              String v = c.plugin.config().get(key);
              byte[] value = v == null ? null : v.getBytes(StandardCharsets.UTF_8);
              return new long[] {copyOut(inst, value, a[2], a[3], "config_get output")};
            }));
  }

  /** -1 missing, -2 does not fit (nothing written), else the length written. */
  private static long copyOut(Instance inst, byte[] value, long ptr, long max, String what) {
    if (value == null) {
      return -1;
    }
    if (value.length > (max & 0xffffffffL)) {
      return -2;
    }
    GuestMemory.write(inst, ptr, value, what);
    return value.length;
  }

  @Override
  public byte[] invoke(Instance instance, CallState call) {
    byte[] input = call.input;
    long ptr = 0;
    if (input.length > 0) {
      ptr = instance.export("alloc").apply(input.length)[0] & 0xffffffffL;
      GuestMemory.write(instance, ptr, input, "input buffer returned by alloc");
    }
    call.mark(2);
    long[] result = instance.export(call.hook).apply(ptr, input.length);
    call.mark(3);
    byte[] output = new byte[0];
    if (result != null && result.length == 1 && result[0] != 0) {
      long packed = result[0];
      long outPtr = packed >>> 32;
      long outLen = packed & 0xffffffffL;
      output =
          GuestMemory.read(
              instance, outPtr, outLen, call.plugin.limits.maxOutputBytes(), "hook output");
      if (outLen > 0) {
        instance.export("dealloc").apply(outPtr, outLen);
      }
    }
    if (input.length > 0) {
      instance.export("dealloc").apply(ptr, input.length);
    }
    return output;
  }

  private static HostFunction fn(
      String name, List<ValType> params, List<ValType> results, WasmFunctionHandle handle) {
    return new HostFunction(MODULE, name, FunctionType.of(params, results), handle);
  }
}
