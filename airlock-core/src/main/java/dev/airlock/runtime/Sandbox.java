package dev.airlock.runtime;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import dev.airlock.artefact.PathGrant;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Makes instances of one compiled module inside the sandbox: every memory capped, every table
 * copied with its own capped limits (Chicory's table growth otherwise writes into the shared
 * module), only the host functions the module imports, and WASI with nothing granted beyond the
 * plugin's effective grants.
 */
final class Sandbox {
  static final String WASI = "wasi_snapshot_preview1";

  private final WasmModule module;
  private final Function<Instance, Machine> machines;
  private final AbiBinding abi;
  private final PluginContext plugin;
  private final boolean wasi;
  private final boolean initialize;
  private final boolean interpreted;
  private final List<Path> grantRoots = new ArrayList<>();
  private final List<Boolean> grantReadOnly = new ArrayList<>();

  Sandbox(
      WasmModule module,
      Function<Instance, Machine> machines,
      AbiBinding abi,
      PluginContext plugin,
      boolean wasi,
      boolean initialize,
      boolean interpreted) {
    this.module = module;
    this.machines = machines;
    this.abi = abi;
    this.plugin = plugin;
    this.wasi = wasi;
    this.initialize = initialize;
    this.interpreted = interpreted;
    // Preopened directories get descriptors 3, 4, … in grant order (after stdin/out/err).
    for (PathGrant g : plugin.grants.allowedPaths()) {
      try {
        grantRoots.add(Path.of(g.host()).toRealPath());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("granted directory " + g.host(), e);
      }
      grantReadOnly.add(!g.writable());
    }
  }

  /** A new instance bound to {@code slot}; runs the start function and {@code _initialize}. */
  Instance instantiate(InstanceSlot slot) {
    List<HostFunction> functions = new ArrayList<>(abi.hostFunctions(slot));
    if (wasi) {
      List<HostFunction> wasiFunctions = List.of(wasi(slot).toHostFunctions());
      functions.addAll(
          grantRoots.isEmpty()
              ? wasiFunctions
              : new WasiGuard(grantRoots, grantReadOnly).wrap(wasiFunctions));
    }
    int maxPages = plugin.limits.maxMemoryPages();
    int maxTable = plugin.limits.maxTableEntries();
    Instance instance =
        Instance.builder(module)
            .withMachineFactory(machines)
            .withImportValues(ImportValues.builder().withFunctions(List.copyOf(functions)).build())
            .withMemoryFactory(
                limits ->
                    new ByteArrayMemory(
                        new MemoryLimits(
                            limits.initialPages(),
                            Math.max(
                                limits.initialPages(), Math.min(limits.maximumPages(), maxPages)))))
            .withTableFactory(
                (table, init) ->
                    new TableInstance(
                        new Table(
                            table.elementType(),
                            new TableLimits(
                                table.limits().min(), Math.min(table.limits().max(), maxTable)),
                            table.initialize()),
                        init))
            // The start section always runs; an exported _start (a WASI command's main) must not
            // run just because an instance was made.
            .withStart(false)
            .withUnsafeExecutionListener(interpreted ? Sandbox::checkInterrupt : null)
            .build();
    if (initialize) {
      instance.export(ModuleChecks.INITIALIZE).apply();
    }
    return instance;
  }

  /**
   * In the interpreter a tail-call loop never checks the interrupt flag; for modules that fall back
   * to it, every instruction does. (Compiled code checks at calls and back-branches.)
   */
  private static void checkInterrupt(
      com.dylibso.chicory.wasm.types.Instruction instruction,
      com.dylibso.chicory.runtime.MStack stack) {
    if (Thread.currentThread().isInterrupted()) {
      throw new com.dylibso.chicory.runtime.ChicoryInterruptedException("Thread interrupted");
    }
  }

  /** Host functions of every kind this sandbox can provide, for the import check. */
  static List<HostFunction> wasiSignatures() {
    return List.of(
        WasiPreview1.builder()
            .withOptions(
                WasiOptions.builder()
                    .withStdout(OutputStream.nullOutputStream())
                    .withStderr(OutputStream.nullOutputStream())
                    .withStdin(new ByteArrayInputStream(new byte[0]))
                    .build())
            .build()
            .toHostFunctions());
  }

  private WasiPreview1 wasi(InstanceSlot slot) {
    WasiOptions.Builder o =
        WasiOptions.builder()
            .withStdin(new ByteArrayInputStream(new byte[0]), false)
            .withStdout(new SlotStream(slot, false), false)
            .withStderr(new SlotStream(slot, true), false)
            .withArguments(List.of());
    for (String name : plugin.grants.env()) {
      String value = System.getenv(name);
      if (value != null) {
        o.withEnvironment(name, value);
      }
    }
    List<PathGrant> grants = plugin.grants.allowedPaths();
    for (int i = 0; i < grants.size(); i++) {
      o.withDirectory(grants.get(i).guest(), grantRoots.get(i));
    }
    return WasiPreview1.builder().withOptions(o.build()).build();
  }

  /** stdout/stderr of an instance: whatever call is running receives the bytes. */
  private static final class SlotStream extends OutputStream {
    private final InstanceSlot slot;
    private final boolean err;

    SlotStream(InstanceSlot slot, boolean err) {
      this.slot = slot;
      this.err = err;
    }

    private OutputStream target() {
      CallState c = slot.call;
      return c == null ? OutputStream.nullOutputStream() : err ? c.stderr() : c.stdout();
    }

    @Override
    public void write(int b) throws IOException {
      target().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target().write(b, off, len);
    }
  }
}
