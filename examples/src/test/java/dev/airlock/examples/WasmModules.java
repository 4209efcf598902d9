package dev.airlock.examples;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ValType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Loads the built example modules from the classpath and describes their imports and exports. */
final class WasmModules {
  private WasmModules() {}

  /** The bytes of {@code /dev/airlock/examples/<name>.wasm}, as other modules will load them. */
  static byte[] bytes(String name) {
    String resource = "/dev/airlock/examples/" + name + ".wasm";
    try (InputStream in = WasmModules.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "no " + resource + " on the classpath: the examples build (make) did not produce it");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static WasmModule parse(String name) {
    return Parser.parse(bytes(name));
  }

  /** Export name to its kind: a signature such as {@code (i32,i32)->i64}, or "memory". */
  static Map<String, String> exports(WasmModule module) {
    int imported = module.importSection().count(ExternalType.FUNCTION);
    Map<String, String> exports = new TreeMap<>();
    for (int i = 0; i < module.exportSection().exportCount(); i++) {
      Export export = module.exportSection().getExport(i);
      String kind =
          switch (export.exportType()) {
            case FUNCTION ->
                signature(
                    module
                        .functionSection()
                        .getFunctionType(export.index() - imported, module.typeSection()));
            case MEMORY -> "memory";
            default -> export.exportType().name().toLowerCase(Locale.ROOT);
          };
      exports.put(export.name(), kind);
    }
    return exports;
  }

  /** "module.name" of each function import to its signature; other imports as their kind. */
  static Map<String, String> imports(WasmModule module) {
    return module.importSection().stream()
        .collect(
            Collectors.toMap(
                i -> i.module() + "." + i.name(),
                i -> describe(module, i),
                (a, b) -> a,
                TreeMap::new));
  }

  private static String describe(WasmModule module, Import i) {
    if (i instanceof FunctionImport f) {
      return signature(module.typeSection().getType(f.typeIndex()));
    }
    return i.importType().name().toLowerCase(Locale.ROOT);
  }

  static String signature(FunctionType type) {
    return "(" + names(type.params()) + ")->" + names(type.returns());
  }

  private static String names(List<ValType> types) {
    return types.stream()
        .map(
            t ->
                t.equals(ValType.I32)
                    ? "i32"
                    : t.equals(ValType.I64) ? "i64" : t.toString().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(","));
  }
}
