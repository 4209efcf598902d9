package dev.airlock.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a host does with {@code [[providers]]}: the plugins directory stays the one place plugins
 * load from, so a file provider is copied into it ({@link #install}), and its configuration is what
 * the plugin of that name starts with ({@link #withConfig}). {@code oci://} providers are fetched
 * by a {@link ReferenceResolver} when one is given (core knows no registry protocol), and kept but
 * not fetched otherwise.
 */
public final class SettingsProviders {
  private static final List<String> SIDECARS = List.of(".sig", ".json", ".yaml", ".yml", ".toml");

  private SettingsProviders() {}

  /**
   * Copies every file provider, with its sidecars ({@code .sig}, and for a bare wasm its manifest),
   * into the plugins directory under its own file name. Sidecars go first and each file is replaced
   * atomically, so a watching host sees a complete plugin. A file already there with the same
   * bytes, or a provider that already lives in the directory, is left alone.
   *
   * @param settings the settings whose providers to install
   * @return the files written, empty when everything was in place
   * @throws IOException when a provider file cannot be read or the directory written
   */
  public static List<Path> install(Settings settings) throws IOException {
    return install(settings.host().directory(), settings.providers(), null);
  }

  /**
   * Like {@link #install(Settings)}, and also fetches every {@code oci://} provider through {@code
   * resolver} and copies the file it gives into the plugins directory as {@code <name><ext>} (one
   * file per provider, replaced when the reference moves to new content).
   *
   * @param settings the settings whose providers to install
   * @param resolver turns {@code oci://} references into local files
   * @return the files written, empty when everything was in place
   * @throws IOException when a provider cannot be read or fetched, or the directory written
   */
  public static List<Path> install(Settings settings, ReferenceResolver resolver)
      throws IOException {
    return install(settings.host().directory(), settings.providers(), resolver);
  }

  static List<Path> install(Path dir, List<SettingsProvider> providers, ReferenceResolver resolver)
      throws IOException {
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    for (SettingsProvider p : providers) {
      if (p.file().isEmpty()) {
        if (resolver != null) {
          Path fetched = resolver.resolve(p.reference());
          copy(fetched, dir.resolve(p.name() + extension(fetched)), written);
        }
        continue;
      }
      Path source = p.file().get();
      for (Path sidecar : sidecars(source)) {
        if (Files.isRegularFile(sidecar)) {
          copy(sidecar, dir.resolve(sidecar.getFileName()), written);
        }
      }
      copy(source, dir.resolve(source.getFileName()), written);
    }
    return written;
  }

  private static String extension(Path file) throws IOException {
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    for (String ext : List.of(".tar.gz", ".tgz", ".zip", ".wasm")) {
      if (lower.endsWith(ext)) {
        return ext;
      }
    }
    throw new IOException(
        "a reference resolver gave "
            + file
            + ", which is not a plugin file (.tar.gz, .tgz, .zip or .wasm)");
  }

  /**
   * A state store that answers with each provider's configuration for its plugin, and otherwise
   * passes through to {@code store}.
   *
   * @param store where state is kept
   * @param providers the providers whose configuration applies
   * @return the store to give {@link PluginHostBuilder#stateStore}
   */
  public static StateStore withConfig(StateStore store, List<SettingsProvider> providers) {
    Map<String, Map<String, String>> configs = new LinkedHashMap<>();
    for (SettingsProvider p : providers) {
      configs.put(p.name(), p.config());
    }
    return new StateStore() {
      @Override
      public Map<String, Entry> load() throws IOException {
        Map<String, Entry> saved = new HashMap<>(store.load());
        configs.forEach(
            (name, config) -> {
              Entry old = saved.getOrDefault(name, Entry.EMPTY);
              saved.put(name, new Entry(old.enabled(), config, old.highestVersion()));
            });
        return saved;
      }

      @Override
      public void save(String plugin, Entry entry) throws IOException {
        store.save(plugin, entry);
      }
    };
  }

  private static void copy(Path from, Path to, List<Path> written) throws IOException {
    if (Files.exists(to) && (Files.isSameFile(from, to) || Files.mismatch(from, to) == -1L)) {
      return;
    }
    AtomicFiles.write(to, null, out -> Files.copy(from, out));
    written.add(to);
  }

  /**
   * The files that belong to a plugin file: for a bare wasm {@code x.sig} and a manifest {@code
   * x.json}/{@code .yaml}/{@code .yml}/{@code .toml}; for a zip {@code x.zip.sig}; an artefact
   * carries its signature inside.
   */
  private static List<Path> sidecars(Path source) {
    String name = source.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".zip")) {
      return List.of(source.resolveSibling(name + ".sig"));
    }
    if (!lower.endsWith(".wasm")) {
      return List.of();
    }
    String stem = name.substring(0, name.length() - ".wasm".length());
    return SIDECARS.stream().map(ext -> source.resolveSibling(stem + ext)).toList();
  }

  /** Reads and checks the file's {@code [[providers]]}. */
  static List<SettingsProvider> parse(
      SettingsFile.Content c, Set<String> allowed, SettingsOrigin allowedFrom)
      throws SettingsException {
    List<SettingsProvider> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Map<String, String> targets = new HashMap<>();
    for (int i = 0; i < c.providers().size(); i++) {
      JsonNode e = c.providers().get(i);
      String at = "providers[" + i + "]";
      String name = text(c, e, at, "name");
      String ref = text(c, e, at, "path");
      Map<String, String> config = config(c, e.get("config"), at + ".config");
      Optional<Path> file = file(c, at + ".path", ref);
      SettingsProvider p = new SettingsProvider(name, ref, file, config);
      if (!allowed.contains(p.source())) {
        throw SettingsFile.problem(
            c.label(),
            at + ".path",
            "is from source '"
                + p.source()
                + "', which allowed_sources ("
                + allowedFrom
                + ") does not include");
      }
      if (!names.add(name)) {
        throw SettingsFile.problem(
            c.label(), at + ".name", "repeats provider name '" + name + "'; each plugin once");
      }
      if (file.isPresent()) {
        String target = file.get().getFileName().toString();
        String other = targets.putIfAbsent(target, name);
        if (other != null) {
          throw SettingsFile.problem(
              c.label(),
              at + ".path",
              "has the file name "
                  + target
                  + " of provider '"
                  + other
                  + "' too; both cannot be copied into the plugins directory");
        }
      }
      out.add(p);
    }
    return out;
  }

  private static String text(SettingsFile.Content c, JsonNode e, String at, String key)
      throws SettingsException {
    JsonNode n = e.get(key);
    if (n == null) {
      throw SettingsFile.problem(c.label(), at, "has no '" + key + "'");
    }
    if (!n.isTextual() || n.textValue().isBlank()) {
      throw SettingsFile.problem(
          c.label(), at + "." + key, "should be a non-empty string, got " + SettingsText.shown(n));
    }
    return n.textValue().strip();
  }

  private static Map<String, String> config(SettingsFile.Content c, JsonNode n, String at)
      throws SettingsException {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null) {
      return out;
    }
    if (!n.isObject()) {
      throw SettingsFile.problem(c.label(), at, "should be a table of values");
    }
    for (Map.Entry<String, JsonNode> f : n.properties()) {
      JsonNode v = f.getValue();
      if (!v.isValueNode() || v.isNull()) {
        throw SettingsFile.problem(
            c.label(),
            at + "." + f.getKey(),
            "should be a string, number or boolean, got " + SettingsText.shown(v));
      }
      out.put(f.getKey(), v.asText());
    }
    return out;
  }

  private static Optional<Path> file(SettingsFile.Content c, String at, String ref)
      throws SettingsException {
    if (ref.startsWith(SettingsProvider.OCI_SCHEME)) {
      return Optional.empty();
    }
    if (ref.contains("://")) {
      throw SettingsFile.problem(
          c.label(), at, "should be a file path or an oci:// reference, got '" + ref + "'");
    }
    Path p = c.base().resolve(ref).normalize();
    if (!Files.isRegularFile(p)) {
      throw SettingsFile.problem(c.label(), at, "names no file: " + p);
    }
    if (!PluginFiles.isPrimary(p)) {
      throw SettingsFile.problem(
          c.label(), at, "is not a plugin file (.tar.gz, .tgz, .zip or .wasm): " + ref);
    }
    return Optional.of(p);
  }
}
