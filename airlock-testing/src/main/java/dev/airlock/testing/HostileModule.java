package dev.airlock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hostile corpus: WebAssembly modules that attack the host running them. Each is a WAT file
 * under {@code dev/airlock/testing/hostile/} whose header says what it attacks and what a correct
 * host does, compiled by {@link WatCompiler} on first use. {@link HostileModules} has one method
 * per module, with that same contract in its Javadoc.
 *
 * <p>Raw-ABI modules (docs/abi.md) export {@code memory}, {@code alloc} and {@code dealloc} (except
 * where those are the attack) and hooks {@code (ptr: i32, len: i32) -> i64}, so a host calls them
 * like a real plugin. Extism-ABI modules import {@code extism:host/env} and export {@code () ->
 * i32} functions. Use with {@code @EnumSource(HostileModule.class)} to run the whole corpus.
 */
public enum HostileModule {
  /** Hooks that spin forever. See {@link HostileModules#infiniteLoop()}. */
  INFINITE_LOOP("infinite-loop", "raw", "run", "run_calling", "run_filling", "observe"),
  /** A hook that tail-calls itself forever. See {@link HostileModules#tailCallLoop()}. */
  TAIL_CALL_LOOP("tail-call-loop", "raw", "run"),
  /** An {@code _initialize} that spins forever. See {@link HostileModules#loopInInitialize()}. */
  LOOP_IN_INITIALIZE("loop-in-initialize", "raw", "run"),
  /** A start function that spins forever. See {@link HostileModules#loopInStart()}. */
  LOOP_IN_START("loop-in-start", "raw", "run"),
  /**
   * An exported {@code _start} that spins forever. See {@link HostileModules#loopInWasiStart()}.
   */
  LOOP_IN_WASI_START("loop-in-wasi-start", "raw", "run"),
  /** An {@code alloc} that spins forever. See {@link HostileModules#loopInAlloc()}. */
  LOOP_IN_ALLOC("loop-in-alloc", "raw", "run"),
  /** A {@code dealloc} that spins forever. See {@link HostileModules#loopInDealloc()}. */
  LOOP_IN_DEALLOC("loop-in-dealloc", "raw", "run"),
  /** A hook parked forever in an atomic wait. See {@link HostileModules#atomicWait()}. */
  ATOMIC_WAIT("atomic-wait", "raw", "run"),

  /** Grows memory until refused. See {@link HostileModules#memoryBomb()}. */
  MEMORY_BOMB("memory-bomb", "raw", "run", "grow_at_once"),
  /** Declares 4 GiB of initial memory. See {@link HostileModules#declaredHugeMemory()}. */
  DECLARED_HUGE_MEMORY("declared-huge-memory", "raw", "run"),
  /** Declares a 4 GiB memory maximum. See {@link HostileModules#declaredHugeMaximum()}. */
  DECLARED_HUGE_MAXIMUM("declared-huge-maximum", "raw", "run"),
  /** Two memories. See {@link HostileModules#multiMemory()}. */
  MULTI_MEMORY("multi-memory", "raw", "run", "grow_second"),
  /** A 16 MiB data segment. See {@link HostileModules#hugeDataSegment()}. */
  HUGE_DATA_SEGMENT("huge-data-segment", "raw", "run"),
  /** A data segment past the end of memory. See {@link HostileModules#dataSegmentOutOfBounds()}. */
  DATA_SEGMENT_OUT_OF_BOUNDS("data-segment-out-of-bounds", "raw", "run"),
  /** Grows a table until refused. See {@link HostileModules#tableBomb()}. */
  TABLE_BOMB("table-bomb", "raw", "run"),
  /** Declares a ten-million-entry table. See {@link HostileModules#declaredHugeTable()}. */
  DECLARED_HUGE_TABLE("declared-huge-table", "raw", "run"),

  /** Unbounded recursion. See {@link HostileModules#deepRecursion()}. */
  DEEP_RECURSION("deep-recursion", "raw", "run", "run_fat_frames", "run_mutual", "run_indirect"),
  /** One hook per trap kind. See {@link HostileModules#traps()} and {@link HostileTrap}. */
  TRAPS(
      "traps",
      "raw",
      Arrays.stream(HostileTrap.values()).map(HostileTrap::hook).toArray(String[]::new)),
  /** A start function that traps. See {@link HostileModules#trapInStart()}. */
  TRAP_IN_START("trap-in-start", "raw", "run"),
  /** Throws a wasm exception nothing catches. See {@link HostileModules#uncaughtException()}. */
  UNCAUGHT_EXCEPTION("uncaught-exception", "raw", "run"),

  /** Returns 100 MiB of output. See {@link HostileModules#hugeOutput()}. */
  HUGE_OUTPUT("huge-output", "raw", "run"),
  /** Returns output ranges outside memory. See {@link HostileModules#lyingOutput()}. */
  LYING_OUTPUT(
      "lying-output",
      "raw",
      "length_past_end",
      "pointer_past_end",
      "wrapping_range",
      "negative_length",
      "length_overflows_int",
      "all_ones"),
  /** An {@code alloc} returning a pointer outside memory. See {@link HostileModules#badAlloc()}. */
  BAD_ALLOC("bad-alloc", "raw", "run"),

  /** Floods and abuses {@code env.log}. See {@link HostileModules#rawLogFlood()}. */
  RAW_LOG_FLOOD(
      "raw-log-flood", "raw", "run", "huge_message", "bad_pointer", "bad_level", "invalid_utf8"),
  /** Tries WASI file access. See {@link HostileModules#wasiFileAccess()}. */
  WASI_FILE_ACCESS("wasi-file-access", "raw", "run", "exfiltrate", "create", "destroy", "preopens"),
  /** Floods WASI stdout and stderr. See {@link HostileModules#wasiStdioFlood()}. */
  WASI_STDIO_FLOOD("wasi-stdio-flood", "raw", "run", "huge_write", "bad_iovecs", "other_fds"),
  /** Reads and leaks the WASI environment. See {@link HostileModules#wasiEnvironment()}. */
  WASI_ENVIRONMENT("wasi-environment", "raw", "run", "args", "bad_pointers"),
  /** Uses and abuses WASI clocks and randomness. See {@link HostileModules#wasiClockRandom()}. */
  WASI_CLOCK_RANDOM(
      "wasi-clock-random", "raw", "run", "sleep", "random_flood", "random_out_of_bounds"),
  /** Calls WASI {@code proc_exit}. See {@link HostileModules#wasiProcExit()}. */
  WASI_PROC_EXIT("wasi-proc-exit", "raw", "run", "exit_zero"),

  /** Imports {@code env.launch_missiles}. See {@link HostileModules#missingImport()}. */
  MISSING_IMPORT("missing-import", "raw", "run"),
  /**
   * Imports {@code env.kv_get} as (i64) -> i64. See {@link HostileModules#wrongImportSignature()}.
   */
  WRONG_IMPORT_SIGNATURE("wrong-import-signature", "raw", "run"),
  /**
   * Imports WASI {@code fd_write} as (i64) -> i64. See {@link HostileModules#wrongWasiSignature()}.
   */
  WRONG_WASI_SIGNATURE("wrong-wasi-signature", "raw", "run"),
  /** Imports a memory, table and global. See {@link HostileModules#nonFunctionImports()}. */
  NON_FUNCTION_IMPORTS("non-function-imports", "raw", "run"),
  /** ABI exports of the wrong kind or type. See {@link HostileModules#badAbiExports()}. */
  BAD_ABI_EXPORTS("bad-abi-exports", "raw", "run"),
  /** A hook and no other ABI export. See {@link HostileModules#missingAbiExports()}. */
  MISSING_ABI_EXPORTS("missing-abi-exports", "raw", "run"),
  /** Hooks of the wrong kind or type. See {@link HostileModules#badHookSignatures()}. */
  BAD_HOOK_SIGNATURES(
      "bad-hook-signatures",
      "raw",
      "run",
      "takes_floats",
      "returns_pair",
      "returns_i32",
      "pre_query",
      "post_query"),

  /** Floods and abuses {@code log_info}. See {@link HostileModules#extismLogFlood()}. */
  EXTISM_LOG_FLOOD("extism-log-flood", "extism", "run", "huge_message", "bogus_offset"),
  /**
   * 100 MiB and lying {@code output_set}, {@code error_set}. See {@link
   * HostileModules#extismHugeOutput()}.
   */
  EXTISM_HUGE_OUTPUT(
      "extism-huge-output",
      "extism",
      "run",
      "length_lie",
      "bogus_offset",
      "huge_error",
      "error_bogus_offset"),
  /** Exhausts kernel memory and variables. See {@link HostileModules#extismMemoryBomb()}. */
  EXTISM_MEMORY_BOMB("extism-memory-bomb", "extism", "run", "var_bomb"),
  /** Kernel calls with offsets never handed out. See {@link HostileModules#extismBadOffsets()}. */
  EXTISM_BAD_OFFSETS(
      "extism-bad-offsets", "extism", "load", "store", "length", "double_free", "input");

  // "@16MiB@" in a WAT string stands for that many MiB of 'A': see huge-data-segment.wat.
  private static final Pattern FILL_MARKER = Pattern.compile("@(\\d+)MiB@");

  private final String baseName;
  private final String abi;
  private final List<String> hooks;
  private volatile byte[] wasm;

  HostileModule(String name, String abi, String... hooks) {
    this.baseName = name;
    this.abi = abi;
    this.hooks = List.of(hooks);
  }

  /** The WAT file's name, e.g. {@code infinite-loop.wat}. */
  public String fileName() {
    return baseName + ".wat";
  }

  /** The ABI a manifest would declare for it: {@code raw} or {@code extism}. */
  public String abi() {
    return abi;
  }

  /**
   * The exports a host may be asked to call as hooks (for Extism modules, the exported functions),
   * in the order the WAT file defines them. Some are not callable; that is the attack.
   */
  public List<String> hooks() {
    return hooks;
  }

  /**
   * The module's WebAssembly text, as committed (with its fill marker, for {@link
   * #HUGE_DATA_SEGMENT}).
   */
  public String wat() {
    String path = "hostile/" + fileName();
    try (InputStream in = HostileModule.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("hostile module source missing from the jar: " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read hostile module source " + path, e);
    }
  }

  /**
   * The compiled module. Compiled once per JVM (the 16 MiB {@link #HUGE_DATA_SEGMENT} takes a few
   * seconds); each call returns a fresh copy.
   */
  public byte[] wasm() {
    byte[] compiled = wasm;
    if (compiled == null) {
      compiled = WatCompiler.compile(expandFills(wat()));
      wasm = compiled;
    }
    return compiled.clone();
  }

  private static String expandFills(String wat) {
    Matcher m = FILL_MARKER.matcher(wat);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, "A".repeat(Integer.parseInt(m.group(1)) << 20));
    }
    return m.appendTail(out).toString();
  }
}
