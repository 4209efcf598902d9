package dev.airlock.host;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which files in a plugins directory are plugins. A plugin is a {@code .tar.gz}/{@code .tgz}
 * artefact, a {@code .zip} package or a bare {@code .wasm}; its sidecars ({@code .sig}, and for a
 * bare wasm {@code .json}/{@code .yaml}/{@code .yml}/{@code .toml}) belong to it, so a change to a
 * sidecar reloads the plugin. Dotfiles, {@code *.tmp} and {@code *.part} are ignored: they are
 * files being written.
 */
final class PluginFiles {
  private static final List<String> PRIMARY = List.of(".tar.gz", ".tgz", ".zip", ".wasm");
  private static final List<String> SIDECARS = List.of(".sig", ".json", ".yaml", ".yml", ".toml");

  private PluginFiles() {}

  static boolean ignored(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.startsWith(".") || n.endsWith(".tmp") || n.endsWith(".part") || n.endsWith("~");
  }

  static boolean isPrimary(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return !ignored(file) && PRIMARY.stream().anyMatch(n::endsWith);
  }

  /** The plugin file a changed file belongs to: itself, or the primary its sidecar serves. */
  static Optional<Path> primaryOf(Path file) {
    if (ignored(file)) {
      return Optional.empty();
    }
    if (isPrimary(file)) {
      return Optional.of(file);
    }
    String n = file.getFileName().toString();
    for (String ext : SIDECARS) {
      if (n.toLowerCase(Locale.ROOT).endsWith(ext)) {
        String stem = n.substring(0, n.length() - ext.length());
        if (ext.equals(".sig") && stem.toLowerCase(Locale.ROOT).endsWith(".zip")) {
          return Optional.of(file.resolveSibling(stem)); // x.zip.sig signs x.zip
        }
        for (String primary : List.of(".wasm", ".zip")) {
          Path p = file.resolveSibling(stem + primary);
          if (Files.exists(p) || !ext.equals(".sig") && primary.equals(".wasm")) {
            return Optional.of(p);
          }
        }
      }
    }
    return Optional.empty();
  }
}
