package dev.airlock.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2WasmModule;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Compiles WebAssembly text (WAT) to a binary module with wabt's {@code wat2wasm} 1.0.35, running
 * inside the JVM: Chicory's {@code wabt} artifact ships it compiled to JVM bytecode, so no native
 * tool is needed. The text goes in on wat2wasm's stdin and the module comes back on its stdout.
 *
 * <p>Beyond wat2wasm's default features (bulk memory, reference types, multi-value, …) it enables
 * multi-memory, threads (shared memory and atomics), exceptions and tail calls.
 *
 * <p>Thread-safe. The first call in a JVM costs about half a second (loading wat2wasm); a small
 * module then takes tens of milliseconds.
 */
public final class WatCompiler {
  private static final List<String> ARGUMENTS =
      List.of(
          "wat2wasm",
          "-",
          "--output=-",
          "--enable-multi-memory",
          "--enable-threads",
          "--enable-exceptions",
          "--enable-tail-call");

  // wat2wasm colours its diagnostics: WASI reports stderr as a terminal.
  private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001b\\[[0-9;]*m");

  private WatCompiler() {}

  /**
   * Compiles a module.
   *
   * @param source the module in WebAssembly text format
   * @return the binary module
   * @throws IllegalArgumentException if wat2wasm refuses the text; the message holds its
   *     diagnostics, with line and column
   */
  public static byte[] compile(String source) {
    Objects.requireNonNull(source, "source");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    WasiOptions options =
        WasiOptions.builder()
            .withStdin(new ByteArrayInputStream(source.getBytes(UTF_8)))
            .withStdout(out)
            .withStderr(err)
            .withArguments(ARGUMENTS)
            .build();
    int exitCode = 0;
    try (WasiPreview1 wasi = WasiPreview1.builder().withOptions(options).build()) {
      // wat2wasm is a WASI command: building the instance runs its _start.
      Instance.builder(Wat2Wasm.MODULE)
          .withMachineFactory(Wat2WasmModule::create)
          .withImportValues(ImportValues.builder().addFunction(wasi.toHostFunctions()).build())
          .build();
    } catch (WasiExitException e) {
      exitCode = e.exitCode();
    }
    if (exitCode != 0) {
      String diagnostics = ANSI_ESCAPE.matcher(err.toString(UTF_8)).replaceAll("").strip();
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "wat2wasm refused the module (exit code %d); fix the WebAssembly text:%n%s",
              exitCode,
              diagnostics));
    }
    return out.toByteArray();
  }

  /** wat2wasm's own module, parsed once: about 1.5 MB of wasm. */
  private static final class Wat2Wasm {
    static final WasmModule MODULE = Wat2WasmModule.load();
  }
}
