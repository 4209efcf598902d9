package dev.airlock.runtime;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Checks a parsed module against its ABI and the host's caps before any instance exists, so a
 * plugin that cannot work fails at load with the reason, never at its first call.
 */
final class ModuleChecks {
  static final String INITIALIZE = "_initialize";

  private final String plugin;
  private final WasmModule module;

  ModuleChecks(String plugin, WasmModule module) {
    this.plugin = plugin;
    this.module = module;
  }

  void memory(Limits limits) throws PluginException {
    var section = module.memorySection();
    if (section.isEmpty()) {
      return;
    }
    int count = section.get().memoryCount();
    if (count > 1) {
      throw abi(
          null,
          "module declares "
              + count
              + " memories; Airlock runs single-memory"
              + " modules only, so that every byte a plugin can touch is under one cap");
    }
    if (section.get().getMemory(0).limits().shared()) {
      throw abi(
          null,
          "module declares shared memory (the threads proposal); plugins are"
              + " single-threaded, and a shared-memory wait could park the host's thread");
    }
    int initial = section.get().getMemory(0).limits().initialPages();
    if (initial > limits.maxMemoryPages()) {
      throw new PluginMemoryLimitException(
          plugin,
          null,
          String.format(
              java.util.Locale.ROOT,
              "plugin '%s' declares %d pages (%d KiB) of initial memory, over its cap of %d pages",
              plugin,
              initial,
              initial * 64L,
              limits.maxMemoryPages()),
          limits.maxMemoryPages(),
          initial);
    }
  }

  void tables(Limits limits) throws PluginException {
    for (int i = 0; i < module.tableSection().tableCount(); i++) {
      long min = module.tableSection().getTable(i).limits().min();
      if (min > limits.maxTableEntries()) {
        throw abi(
            null,
            "module declares a table of "
                + min
                + " entries, over the cap of "
                + limits.maxTableEntries());
      }
    }
  }

  /** Every import must be a function the host provides, with exactly the same type. */
  void imports(Map<String, FunctionType> provided) throws PluginException {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imp = module.importSection().getImport(i);
      String name = imp.module() + "." + imp.name();
      if (imp.importType() != ExternalType.FUNCTION) {
        problems.add(
            name
                + " (a "
                + imp.importType().name().toLowerCase(java.util.Locale.ROOT)
                + "; the host provides functions only)");
        continue;
      }
      FunctionType wanted = module.typeSection().getType(((FunctionImport) imp).typeIndex());
      FunctionType have = provided.get(name);
      if (have == null) {
        problems.add(name + " (not provided)");
      } else if (!have.typesMatch(wanted)) {
        problems.add(name + " (imported as " + wanted + ", provided as " + have + ")");
      }
    }
    if (!problems.isEmpty()) {
      throw abi(
          null, "module imports what the host does not provide: " + String.join(", ", problems));
    }
  }

  /** Required exports and hooks with their types; returns hook name → its type. */
  Map<String, FunctionType> exports(
      Map<String, FunctionType> required, List<FunctionType> hookTypes, List<String> hooks)
      throws PluginException {
    Map<String, FunctionType> functions = exportedFunctions();
    for (Map.Entry<String, FunctionType> r : required.entrySet()) {
      FunctionType t = functions.get(r.getKey());
      if (t == null || !t.typesMatch(r.getValue())) {
        throw abi(
            null,
            "module must export "
                + r.getKey()
                + " "
                + r.getValue()
                + ", found "
                + (t == null ? "no such export" : t));
      }
    }
    Map<String, FunctionType> result = new LinkedHashMap<>();
    List<String> wanted = hooks.isEmpty() ? discoverHooks(functions, required, hookTypes) : hooks;
    for (String hook : wanted) {
      FunctionType t = functions.get(hook);
      if (t == null) {
        throw abi(
            hook,
            "manifest names hook '"
                + hook
                + "' but the module does not export it"
                + " (function exports: "
                + new TreeSet<>(functions.keySet())
                + ")");
      }
      if (hookTypes.stream().noneMatch(t::typesMatch)) {
        throw abi(
            hook,
            "hook '"
                + hook
                + "' has type "
                + t
                + "; this ABI expects "
                + hookTypes.stream().map(Object::toString).toList());
      }
      result.put(hook, t);
    }
    return result;
  }

  boolean exportsFunction(String name) {
    return exportedFunctions().containsKey(name);
  }

  boolean exportsMemory() {
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      Export e = module.exportSection().getExport(i);
      if (e.exportType() == ExternalType.MEMORY && e.name().equals("memory")) {
        return true;
      }
    }
    return false;
  }

  boolean importsModule(String name) {
    for (int i = 0; i < module.importSection().importCount(); i++) {
      if (module.importSection().getImport(i).module().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static List<String> discoverHooks(
      Map<String, FunctionType> functions,
      Map<String, FunctionType> required,
      List<FunctionType> hookTypes) {
    List<String> found = new ArrayList<>();
    for (Map.Entry<String, FunctionType> f : functions.entrySet()) {
      String n = f.getKey();
      if (!required.containsKey(n)
          && !n.startsWith("_")
          && hookTypes.stream().anyMatch(f.getValue()::typesMatch)) {
        found.add(n);
      }
    }
    return found;
  }

  private Map<String, FunctionType> exportedFunctions() {
    int imported = module.importSection().count(ExternalType.FUNCTION);
    List<Integer> importTypes = new ArrayList<>();
    for (int i = 0; i < module.importSection().importCount(); i++) {
      if (module.importSection().getImport(i) instanceof FunctionImport fi) {
        importTypes.add(fi.typeIndex());
      }
    }
    Map<String, FunctionType> out = new LinkedHashMap<>();
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      Export e = module.exportSection().getExport(i);
      if (e.exportType() != ExternalType.FUNCTION) {
        continue;
      }
      int idx = e.index();
      int typeIdx =
          idx < imported
              ? importTypes.get(idx)
              : module.functionSection().getFunctionType(idx - imported);
      out.put(e.name(), module.typeSection().getType(typeIdx));
    }
    return out;
  }

  static Map<String, FunctionType> signatures(List<HostFunction> functions) {
    Map<String, FunctionType> out = new LinkedHashMap<>();
    for (HostFunction f : functions) {
      out.put(f.module() + "." + f.name(), FunctionType.of(f.paramTypes(), f.returnTypes()));
    }
    return out;
  }

  private PluginAbiException abi(String hook, String message) {
    return new PluginAbiException(plugin, hook, "plugin '" + plugin + "': " + message);
  }
}
