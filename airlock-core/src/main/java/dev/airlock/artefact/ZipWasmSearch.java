package dev.airlock.artefact;

import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.internal.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the plugin's module in a zip. The first step that finds one wins; a step that finds more
 * than one candidate is ambiguous and refused rather than guessed:
 *
 * <ol>
 *   <li>{@code plugin.wasm} (Artifact Keeper's quickstart and release zips);
 *   <li>{@code <name>.wasm}, {@code name} from {@code [plugin]};
 *   <li>the only {@code *.wasm} at the root;
 *   <li>for each triple {@code wasm32-wasip2}, {@code wasm32-wasip1}, {@code wasm32-wasi}: {@code
 *       target/<triple>/release/<name_with_underscores>.wasm} (cargo's output name), then {@code
 *       target/<triple>/release/plugin.wasm};
 *   <li>{@code out/plugin.wasm}, then {@code dist/plugin.wasm};
 *   <li>for each triple in that order: the only {@code *.wasm} in {@code target/<triple>/release/}
 *       (a crate named differently from the plugin).
 * </ol>
 */
final class ZipWasmSearch {
  private ZipWasmSearch() {}

  static ZipRecord find(Map<String, ZipRecord> files, String pluginName) throws ArtefactException {
    String cargoName = pluginName.replace('-', '_');
    List<String> exact = new ArrayList<>();
    exact.add(ZipLayout.PLUGIN_WASM);
    exact.add(pluginName + ".wasm");
    Optional<ZipRecord> found = first(files, exact);
    if (found.isEmpty()) {
      found = only(files, "", pluginName + ".wasm");
    }
    if (found.isEmpty()) {
      List<String> builds = new ArrayList<>();
      for (String triple : ZipLayout.TRIPLES) {
        builds.add("target/" + triple + "/release/" + cargoName + ".wasm");
        builds.add("target/" + triple + "/release/" + ZipLayout.PLUGIN_WASM);
      }
      builds.add("out/" + ZipLayout.PLUGIN_WASM);
      builds.add("dist/" + ZipLayout.PLUGIN_WASM);
      found = first(files, builds);
    }
    for (String triple : ZipLayout.TRIPLES) {
      if (found.isEmpty()) {
        found = only(files, "target/" + triple + "/release/", cargoName + ".wasm");
      }
    }
    return found.orElseThrow(
        () ->
            new ArtefactException(
                Reason.LAYOUT,
                "zip has no wasm module; looked for plugin.wasm, "
                    + pluginName
                    + ".wasm, a single *.wasm at the root, target/<triple>/release/"
                    + cargoName
                    + ".wasm or plugin.wasm, out/plugin.wasm, dist/plugin.wasm, and a single"
                    + " *.wasm in target/<triple>/release/ (triples: "
                    + String.join(", ", ZipLayout.TRIPLES)
                    + ")"));
  }

  private static Optional<ZipRecord> first(Map<String, ZipRecord> files, List<String> names) {
    return names.stream().map(files::get).filter(r -> r != null).findFirst();
  }

  private static Optional<ZipRecord> only(Map<String, ZipRecord> files, String dir, String expected)
      throws ArtefactException {
    List<String> in =
        files.keySet().stream()
            .filter(n -> n.startsWith(dir) && n.endsWith(".wasm"))
            .filter(n -> n.indexOf('/', dir.length()) < 0)
            .sorted()
            .collect(Collectors.toList());
    if (in.size() > 1) {
      throw new ArtefactException(
          Reason.LAYOUT,
          "zip has several wasm modules in "
              + (dir.isEmpty() ? "its root" : dir)
              + " ("
              + in.stream().map(Text::quote).collect(Collectors.joining(", "))
              + ") and none is named plugin.wasm or "
              + expected
              + "; keep one, or name the plugin's module plugin.wasm");
    }
    return in.isEmpty() ? Optional.empty() : Optional.of(files.get(in.get(0)));
  }
}
