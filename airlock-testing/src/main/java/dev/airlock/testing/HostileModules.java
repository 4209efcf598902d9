package dev.airlock.testing;

import java.util.List;

/**
 * Hostile WebAssembly modules, one method per module, each returning a fresh copy of the wasm
 * bytes; {@link #all()} lists them for parameterized tests. Each method says what a correct host
 * does; the WAT file (see {@link HostileModule#wat()}) says the same and shows the attack.
 *
 * <p>Unless a method says otherwise, the module speaks the raw ABI (docs/abi.md) and its hook is
 * {@link #RUN}; hooks that return output return {@code (out_ptr << 32) | out_len}.
 */
public final class HostileModules {
  /** The hook name most modules use. */
  public static final String RUN = "run";

  private HostileModules() {}

  /** Every module in the corpus. */
  public static List<HostileModule> all() {
    return List.of(HostileModule.values());
  }

  /**
   * Hooks {@code run}, {@code run_calling}, {@code run_filling} and {@code observe} spin forever. A
   * correct host stops each call at its budget, reports a timeout, discards the instance, and keeps
   * serving other plugins.
   */
  public static byte[] infiniteLoop() {
    return HostileModule.INFINITE_LOOP.wasm();
  }

  /**
   * {@code run} tail-calls itself forever: no loop, no stack growth. A correct host stops it at the
   * budget or refuses tail calls at load. Chicory 1.7.5's interpreter never checks the interrupt
   * here (the thread spins on); its compiler turns it into "call stack exhausted".
   */
  public static byte[] tailCallLoop() {
    return HostileModule.TAIL_CALL_LOOP.wasm();
  }

  /**
   * {@code _initialize} spins forever. A correct host runs it under a budget, reports a timeout
   * while loading, and keeps no half-initialized instance. Chicory never calls it by itself.
   */
  public static byte[] loopInInitialize() {
    return HostileModule.LOOP_IN_INITIALIZE.wasm();
  }

  /**
   * The start function spins forever, inside instantiation. A correct host instantiates under a
   * budget and reports a timeout while loading.
   */
  public static byte[] loopInStart() {
    return HostileModule.LOOP_IN_START.wasm();
  }

  /**
   * An exported {@code _start} spins forever; Chicory's {@code build()} calls it by default. A
   * correct host never calls {@code _start} (plugins are reactors): with Chicory, {@code
   * withStart(false)}.
   */
  public static byte[] loopInWasiStart() {
    return HostileModule.LOOP_IN_WASI_START.wasm();
  }

  /**
   * {@code alloc} spins forever, so the hook is never reached. A correct host counts alloc and
   * dealloc against the call's budget and reports a timeout.
   */
  public static byte[] loopInAlloc() {
    return HostileModule.LOOP_IN_ALLOC.wasm();
  }

  /**
   * {@code run} returns "hello", then {@code dealloc} spins forever. A correct host counts dealloc
   * against the call's budget, reports a timeout and discards the instance.
   */
  public static byte[] loopInDealloc() {
    return HostileModule.LOOP_IN_DEALLOC.wasm();
  }

  /**
   * Shared memory; {@code run} waits forever in {@code memory.atomic.wait32}. A correct host
   * refuses shared memory at load, or its interrupt ends the wait and it reports a timeout.
   */
  public static byte[] atomicWait() {
    return HostileModule.ATOMIC_WAIT.wasm();
  }

  /**
   * {@code run} grows memory a page at a time until refused, then touches every page; {@code
   * grow_at_once} asks for all 65535 pages at once. Both output the final page count (4 bytes LE).
   * A correct host keeps memory at or below its cap: grow returns -1, or a memory-limit error.
   */
  public static byte[] memoryBomb() {
    return HostileModule.MEMORY_BOMB.wasm();
  }

  /**
   * Declares 65536 initial pages (4 GiB). A correct host reads the declared limits and refuses the
   * module at load. Chicory 1.7.5 allocates initial pages eagerly (OutOfMemoryError), and its
   * {@code withMemoryLimits} silently replaces the declared limits instead of checking them.
   */
  public static byte[] declaredHugeMemory() {
    return HostileModule.DECLARED_HUGE_MEMORY.wasm();
  }

  /**
   * 1 page, declared maximum 65536; {@code run} grows to the maximum and outputs the page count. A
   * correct host caps at the smaller of the declared maximum and its own cap, never pre-allocating.
   */
  public static byte[] declaredHugeMaximum() {
    return HostileModule.DECLARED_HUGE_MAXIMUM.wasm();
  }

  /**
   * Two memories; {@code grow_second} grows the second ({@code memory2}) until refused and outputs
   * its page count. A correct host refuses multi-memory at load or caps the sum of all memories.
   * Chicory 1.7.5 runs it, and applies {@code withMemoryLimits} to memory 0 only.
   */
  public static byte[] multiMemory() {
    return HostileModule.MULTI_MEMORY.wasm();
  }

  /**
   * A 16 MiB active data segment in a 257-page memory (a module of about 16 MiB). A correct host
   * caps the wasm size, and refuses it at load when the declared memory passes its cap.
   */
  public static byte[] hugeDataSegment() {
    return HostileModule.HUGE_DATA_SEGMENT.wasm();
  }

  /**
   * A data segment that ends past memory, so instantiation traps. A correct host reports a load
   * failure and keeps no partly initialized instance.
   */
  public static byte[] dataSegmentOutOfBounds() {
    return HostileModule.DATA_SEGMENT_OUT_OF_BOUNDS.wasm();
  }

  /**
   * {@code run} grows a table a million entries at a time until refused and outputs its size. A
   * correct host caps table size. Chicory 1.7.5's only cap is 10,000,000 entries per table.
   */
  public static byte[] tableBomb() {
    return HostileModule.TABLE_BOMB.wasm();
  }

  /**
   * Declares a table of 10,000,000 entries. A correct host reads the declared table limits and
   * refuses the module at load.
   */
  public static byte[] declaredHugeTable() {
    return HostileModule.DECLARED_HUGE_TABLE.wasm();
  }

  /**
   * {@code run}, {@code run_fat_frames}, {@code run_mutual} and {@code run_indirect} recurse
   * without end. A correct host reports a trap for that call only and discards the instance
   * (Chicory 1.7.5: {@code ChicoryException} "call stack exhausted", caused by StackOverflowError).
   */
  public static byte[] deepRecursion() {
    return HostileModule.DEEP_RECURSION.wasm();
  }

  /**
   * One hook per trap kind: the names are {@link HostileTrap#hook()}. A correct host reports each
   * as a plugin trap naming what happened and discards or resets the instance.
   */
  public static byte[] traps() {
    return HostileModule.TRAPS.wasm();
  }

  /** The start function traps. A correct host reports a load failure naming the trap. */
  public static byte[] trapInStart() {
    return HostileModule.TRAP_IN_START.wasm();
  }

  /**
   * {@code run} throws a wasm exception (tag {@code $boom}, payload 42) that nothing catches. A
   * correct host treats it as a trap; Chicory 1.7.5 throws {@code WasmException} with no message.
   */
  public static byte[] uncaughtException() {
    return HostileModule.UNCAUGHT_EXCEPTION.wasm();
  }

  /**
   * {@code run} returns 100 MiB of 'A' (an honest pointer and length). A correct host checks the
   * length against its output cap before copying and reports an output-limit error.
   */
  public static byte[] hugeOutput() {
    return HostileModule.HUGE_OUTPUT.wasm();
  }

  /**
   * Hooks return output ranges outside the 1-page memory: {@code length_past_end}, {@code
   * pointer_past_end}, {@code wrapping_range}, {@code negative_length}, {@code
   * length_overflows_int}, {@code all_ones}. A correct host checks ranges in 64-bit arithmetic and
   * reports an ABI violation. Chicory 1.7.5's {@code Memory.readBytes} overflows its own check.
   */
  public static byte[] lyingOutput() {
    return HostileModule.LYING_OUTPUT.wasm();
  }

  /**
   * {@code alloc} always returns 0xFFFFFFF0. A correct host checks the range before copying the
   * input, reports an ABI violation, and never calls the hook.
   */
  public static byte[] badAlloc() {
    return HostileModule.BAD_ALLOC.wasm();
  }

  /**
   * Imports {@code env.log}: {@code run} logs a line of terminal escapes and a forged host line
   * 10,000,000 times; {@code huge_message}, {@code bad_pointer}, {@code bad_level}, {@code
   * invalid_utf8}. A correct host caps and neutralizes logs and checks ranges and levels.
   */
  public static byte[] rawLogFlood() {
    return HostileModule.RAW_LOG_FLOOD.wasm();
  }

  /**
   * WASI {@code path_open} and friends on fds 0..10: {@code run}, {@code create}, {@code destroy}
   * and {@code preopens} output one errno byte per attempt; {@code exfiltrate} outputs any file it
   * read. A correct host granting nothing: no errno is 0 and exfiltrate outputs nothing. Granting a
   * directory, Chicory 1.7.5 follows a symlink already in it out of it: exfiltrate reads it.
   */
  public static byte[] wasiFileAccess() {
    return HostileModule.WASI_FILE_ACCESS.wasm();
  }

  /**
   * WASI {@code fd_write}: {@code run} floods fds 1 and 2 with terminal escapes; {@code
   * huge_write}, {@code bad_iovecs}, {@code other_fds}. A correct host sends stdio to the capped,
   * neutralized plugin log and fails bad iovecs and other fds.
   */
  public static byte[] wasiStdioFlood() {
    return HostileModule.WASI_STDIO_FLOOD.wasm();
  }

  /**
   * WASI environment: {@code run} outputs (and prints) every variable, {@code args} every argument;
   * {@code bad_pointers}. A correct host granting nothing: no variables (never the host process's
   * own), at most a program name.
   */
  public static byte[] wasiEnvironment() {
    return HostileModule.WASI_ENVIRONMENT.wasm();
  }

  /**
   * WASI clocks and randomness: {@code run} is allowed use (48 bytes out); {@code sleep} sleeps 292
   * years in {@code poll_oneoff}; {@code random_flood}; {@code random_out_of_bounds}. A correct
   * host serves run and stops the others at the budget (sleeps must wake on interrupt).
   */
  public static byte[] wasiClockRandom() {
    return HostileModule.WASI_CLOCK_RANDOM.wasm();
  }

  /**
   * {@code run} calls {@code proc_exit(3)}, {@code exit_zero} {@code proc_exit(0)}. A correct host
   * never exits the JVM, ends the call with a plugin error carrying the code (0 too), and discards
   * the instance.
   */
  public static byte[] wasiProcExit() {
    return HostileModule.WASI_PROC_EXIT.wasm();
  }

  /**
   * Imports {@code env.launch_missiles}. A correct host refuses the module at load, naming the
   * import.
   */
  public static byte[] missingImport() {
    return HostileModule.MISSING_IMPORT.wasm();
  }

  /**
   * Imports {@code env.kv_get} as {@code (i64) -> i64}. A correct host refuses the module at load,
   * naming the import, the expected type and the declared one.
   */
  public static byte[] wrongImportSignature() {
    return HostileModule.WRONG_IMPORT_SIGNATURE.wasm();
  }

  /**
   * Imports {@code wasi_snapshot_preview1.fd_write} as {@code (i64) -> i64}. A correct host refuses
   * the module at load, naming the import and both types.
   */
  public static byte[] wrongWasiSignature() {
    return HostileModule.WRONG_WASI_SIGNATURE.wasm();
  }

  /**
   * Imports a memory ({@code env.memory}), a table and a global. A correct host refuses the module
   * at load, naming the import and its kind.
   */
  public static byte[] nonFunctionImports() {
    return HostileModule.NON_FUNCTION_IMPORTS.wasm();
  }

  /**
   * {@code memory} is a function, {@code alloc} is {@code (i64) -> i64}, {@code dealloc} is {@code
   * (i32) -> i32}. A correct host refuses it before calling anything, naming the export.
   */
  public static byte[] badAbiExports() {
    return HostileModule.BAD_ABI_EXPORTS.wasm();
  }

  /**
   * Exports only the hook: no memory, alloc or dealloc. A correct host refuses it before calling
   * anything, naming what is missing.
   */
  public static byte[] missingAbiExports() {
    return HostileModule.MISSING_ABI_EXPORTS.wasm();
  }

  /**
   * Hooks of the wrong type ({@code run}, {@code takes_floats}, {@code returns_pair}, {@code
   * returns_i32}) or kind ({@code pre_query}, {@code post_query}). A correct host checks the type
   * itself: Chicory 1.7.5's {@code ExportFunction.apply} does not check arguments.
   */
  public static byte[] badHookSignatures() {
    return HostileModule.BAD_HOOK_SIGNATURES.wasm();
  }

  /**
   * Extism: {@code run} calls {@code log_info} 10,000,000 times on a line of terminal escapes;
   * {@code huge_message}; {@code bogus_offset}. A correct host caps and neutralizes logs and
   * refuses unknown offsets.
   */
  public static byte[] extismLogFlood() {
    return HostileModule.EXTISM_LOG_FLOOD.wasm();
  }

  /**
   * Extism: {@code run} sets 100 MiB of output; {@code length_lie}, {@code bogus_offset}, {@code
   * huge_error}, {@code error_bogus_offset}. A correct host caps kernel memory, output and error
   * text, and checks every offset and length against the block it handed out.
   */
  public static byte[] extismHugeOutput() {
    return HostileModule.EXTISM_HUGE_OUTPUT.wasm();
  }

  /**
   * Extism: {@code run} allocates 1 MiB kernel blocks until refused; {@code var_bomb} sets a
   * million variables. A correct host counts kernel blocks against the memory cap and caps vars.
   */
  public static byte[] extismMemoryBomb() {
    return HostileModule.EXTISM_MEMORY_BOMB.wasm();
  }

  /**
   * Extism: {@code load}, {@code store}, {@code length}, {@code double_free} and {@code input} use
   * offsets the kernel never handed out. A correct host bounds-checks them in 64-bit and answers
   * with a trap or ABI violation, never an unchecked host exception.
   */
  public static byte[] extismBadOffsets() {
    return HostileModule.EXTISM_BAD_OFFSETS.wasm();
  }
}
