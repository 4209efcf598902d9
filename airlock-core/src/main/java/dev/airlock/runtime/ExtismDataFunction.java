package dev.airlock.runtime;

import static com.dylibso.chicory.wasm.types.ValType.I32;
import static com.dylibso.chicory.wasm.types.ValType.I64;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;

/**
 * Every {@code extism:host/env} import as an instance of this one class; the ones that move data a
 * word or a byte at a time ({@code input_load_u64}, {@code store_u64}, …) implemented here.
 *
 * <p>Extism's plugin kits read their input and write their output through these, 8 bytes per host
 * call: 1 KiB in and out is 257 calls. Chicory's compiled code reaches every import of a module
 * through one shared call site; with a lambda per import that site sees many classes, and the JIT
 * neither inlines the host function nor keeps the argument and result arrays off the heap (about 11
 * ns per call). With one class it sees one type and inlines {@link #apply}, whose hot path is kept
 * small for that: the two word moves, everything else behind one call.
 */
final class ExtismDataFunction implements WasmFunctionHandle {
  private static final int INPUT_LOAD_U64 = 0;
  private static final int STORE_U64 = 1;
  private static final int INPUT_OFFSET = 2;
  private static final int INPUT_LENGTH = 3;
  private static final int INPUT_LOAD_U8 = 4;
  private static final int ALLOC = 5;
  private static final int FREE = 6;
  private static final int LENGTH = 7;
  private static final int LOAD_U8 = 8;
  private static final int LOAD_U32 = 9;
  private static final int LOAD_U64 = 10;
  private static final int STORE_U8 = 11;
  private static final int STORE_U32 = 12;
  private static final int OTHER = 13; // any other import: its body is a handle of its own

  private final int op;
  private final InstanceSlot slot;
  private final ExtismKernel kernel; // the instance's, readied for each call bound to it
  private final WasmFunctionHandle body;
  // input_load_u64's result, reused: these functions belong to one instance, which runs one call
  // at a time, and Chicory copies a host function's results out before anything else runs. The
  // JIT cannot keep a fresh array off the heap here (it merges with the other operations'
  // results), and 128 of them per KiB of input were most of an Extism call's garbage.
  private final long[] word = new long[1];

  private ExtismDataFunction(int op, InstanceSlot slot, WasmFunctionHandle body) {
    this.op = op;
    this.slot = slot;
    this.kernel = slot.extismKernel();
    this.body = body;
  }

  /** Any other {@code extism:host/env} import, so that all of them are of this one class. */
  static HostFunction of(
      InstanceSlot slot,
      String name,
      List<ValType> params,
      List<ValType> results,
      WasmFunctionHandle body) {
    return new HostFunction(
        ExtismAbi.MODULE,
        name,
        FunctionType.of(params, results),
        new ExtismDataFunction(OTHER, slot, body));
  }

  /** The data-moving imports of {@code extism:host/env}, bound to one instance's calls. */
  static List<HostFunction> all(InstanceSlot slot) {
    List<HostFunction> f = new ArrayList<>();
    f.add(fn(slot, "input_offset", INPUT_OFFSET, List.of(), List.of(I64)));
    f.add(fn(slot, "input_length", INPUT_LENGTH, List.of(), List.of(I64)));
    f.add(fn(slot, "input_load_u8", INPUT_LOAD_U8, List.of(I64), List.of(I32)));
    f.add(fn(slot, "input_load_u64", INPUT_LOAD_U64, List.of(I64), List.of(I64)));
    f.add(fn(slot, "alloc", ALLOC, List.of(I64), List.of(I64)));
    f.add(fn(slot, "free", FREE, List.of(I64), List.of()));
    f.add(fn(slot, "length", LENGTH, List.of(I64), List.of(I64)));
    f.add(fn(slot, "length_unsafe", LENGTH, List.of(I64), List.of(I64)));
    f.add(fn(slot, "load_u8", LOAD_U8, List.of(I64), List.of(I32)));
    f.add(fn(slot, "load_u32", LOAD_U32, List.of(I64), List.of(I32)));
    f.add(fn(slot, "load_u64", LOAD_U64, List.of(I64), List.of(I64)));
    f.add(fn(slot, "store_u8", STORE_U8, List.of(I64, I32), List.of()));
    f.add(fn(slot, "store_u32", STORE_U32, List.of(I64, I32), List.of()));
    f.add(fn(slot, "store_u64", STORE_U64, List.of(I64, I64), List.of()));
    return f;
  }

  private static HostFunction fn(
      InstanceSlot slot, String name, int op, List<ValType> params, List<ValType> results) {
    return new HostFunction(
        ExtismAbi.MODULE,
        name,
        FunctionType.of(params, results),
        new ExtismDataFunction(op, slot, null));
  }

  /** The kernel of the instance this import belongs to (for {@link KernelMachine}). */
  ExtismKernel kernel() {
    return kernel;
  }

  @Override
  public long[] apply(Instance instance, long... a) {
    int o = op;
    if (o == INPUT_LOAD_U64) {
      word[0] = kernel.inputLoadU64(a[0]); // readied for the call when it was bound
      return word;
    }
    if (o == STORE_U64) {
      kernel.storeU64(a[0], a[1]);
      return null;
    }
    // A copy: the argument array must not leave this method, or the JIT keeps it on the heap.
    return other(instance, a.clone());
  }

  private long[] other(Instance instance, long[] a) {
    if (op == OTHER) {
      return body.apply(instance, a);
    }
    CallState c = slot.call();
    ExtismKernel k = c.kernel();
    return switch (op) {
      case INPUT_OFFSET -> one(k.inputOffset());
      case INPUT_LENGTH -> one(c.input.length);
      case INPUT_LOAD_U8 -> one(k.inputLoadU8(a[0]));
      case ALLOC -> one(k.alloc(a[0]));
      case FREE -> {
        k.free(a[0]);
        yield null;
      }
      case LENGTH -> one(k.length(a[0]));
      case LOAD_U8 -> one(k.loadU8(a[0]));
      case LOAD_U32 -> one(k.loadU32(a[0]));
      case LOAD_U64 -> one(k.loadU64(a[0]));
      case STORE_U8 -> {
        k.storeU8(a[0], (int) a[1]);
        yield null;
      }
      case STORE_U32 -> {
        k.storeU32(a[0], a[1]);
        yield null;
      }
      default -> throw new IllegalStateException("unknown Extism data operation " + op);
    };
  }

  private static long[] one(long v) {
    return new long[] {v};
  }
}
