package dev.airlock.host;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.host.SettingsCatalog.Def;
import dev.airlock.runtime.Limits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads a host's settings from three layers — command-line flags, environment variables, a settings
 * file — over the built-in defaults, and records where each value came from. Precedence: flags &gt;
 * environment &gt; file &gt; defaults.
 *
 * <pre>{@code
 * Settings s = SettingsLoader.load(
 *     Map.of("directory", "plugins"), System.getenv(), Optional.of(Path.of("airlock.toml")));
 * try (PluginHost host = s.hostBuilder().build()) {
 *   host.start();
 * }
 * }</pre>
 *
 * <p>The environment is a parameter, never read here, so tests (and embedders) choose what it
 * holds. An empty variable counts as unset. Paths in the file are relative to the file's directory;
 * paths from flags and variables are relative to the working directory.
 */
public final class SettingsLoader {
  /** A typed value and where it came from. */
  record Resolved(Object value, SettingsOrigin origin) {}

  private SettingsLoader() {}

  /**
   * Loads the effective settings.
   *
   * @param flags values given on the command line, by setting key (e.g. {@code directory}, {@code
   *     max_memory}), in the text form flags take ({@code 16MiB}, {@code 200ms}, {@code file,oci},
   *     {@code true})
   * @param environment the environment, e.g. {@code System.getenv()}; only the variables of
   *     Artifact Keeper's plugin system are read ({@code PLUGINS_ENABLED}, {@code PLUGINS_PATH},
   *     {@code PLUGIN_*})
   * @param file the settings file, if any: {@code .toml}, {@code .json}, {@code .yaml} or {@code
   *     .yml}
   * @return the effective settings with the origin of each
   * @throws SettingsException when a value has the wrong form, the file has an unknown key or is
   *     not valid, a provider is wrong, the trust root cannot be loaded, or settings contradict
   *     each other; the message names where the value came from
   * @throws IOException when the settings file cannot be read
   * @throws IllegalArgumentException when {@code flags} holds a key that is not a setting
   */
  public static Settings load(
      Map<String, String> flags, Map<String, String> environment, Optional<Path> file)
      throws SettingsException, IOException {
    Objects.requireNonNull(environment, "environment");
    for (String key : flags.keySet()) {
      if (!SettingsCatalog.BY_KEY.containsKey(key)) {
        throw new IllegalArgumentException(
            "flags: '" + key + "' is not a setting (settings: " + SettingsCatalog.keys() + ")");
      }
    }
    SettingsFile.Content content =
        file.isPresent() ? SettingsFile.read(file.get()) : SettingsFile.Content.NONE;
    Map<String, Object> defaults = defaults();
    Map<String, Resolved> values = new LinkedHashMap<>();
    for (Def d : SettingsCatalog.ALL) {
      values.put(d.key(), resolve(d, flags, environment, content, defaults.get(d.key())));
    }
    return SettingsAssembly.assemble(values, content, file);
  }

  /** The highest layer that sets {@code d} wins; a bad value in any layer is still an error. */
  private static Resolved resolve(
      Def d,
      Map<String, String> flags,
      Map<String, String> env,
      SettingsFile.Content content,
      Object fallback)
      throws SettingsException {
    Resolved chosen = null;
    JsonNode node = content.plugins().get(d.key());
    if (node != null) {
      SettingsOrigin o = SettingsOrigin.file(content.label(), "plugins." + d.key());
      chosen = new Resolved(SettingsValues.fromFile(d, node, o, content.base()), o);
    }
    String variable = d.envVar().map(env::get).orElse(null);
    if (variable != null && !variable.isBlank()) {
      SettingsOrigin o = SettingsOrigin.env(d.env());
      chosen = new Resolved(SettingsValues.fromEnv(d, variable, o), o);
    }
    String flag = flags.get(d.key());
    if (flag != null) {
      SettingsOrigin o = SettingsOrigin.flag(d.flagName().orElse("--" + d.key().replace('_', '-')));
      chosen = new Resolved(SettingsValues.fromText(d, flag, o), o);
    }
    return chosen != null ? chosen : new Resolved(fallback, SettingsOrigin.DEFAULT);
  }

  /** The defaults, taken from {@link PluginHostBuilder} so they live in one place. */
  static Map<String, Object> defaults() {
    HostSettings s = new PluginHostBuilder().pluginsDirectory(Path.of("plugins")).settingsNow();
    Limits def = s.defaultLimits();
    Limits max = s.maximumLimits();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(SettingsCatalog.ENABLED, true);
    m.put(SettingsCatalog.DIRECTORY, s.directory());
    m.put(SettingsCatalog.HOT_RELOAD, s.hotReload());
    m.put("debounce", s.debounce());
    m.put("enable_new_plugins", s.enableNewPlugins());
    m.put("allow_downgrade", s.allowDowngrade());
    m.put("isolation", s.isolation());
    m.put("memory", def.maxMemoryPages() * SettingsText.PAGE);
    m.put("timeout", def.timeout());
    m.put("cpu_time", def.cpuTime());
    m.put("max_memory", max.maxMemoryPages() * SettingsText.PAGE);
    m.put("max_timeout", max.timeout());
    m.put("max_cpu_time", max.cpuTime());
    m.put(SettingsCatalog.TRUST_ROOT, Optional.<Path>empty());
    m.put(SettingsCatalog.REQUIRE_SIGNATURE, Optional.<Boolean>empty());
    m.put(SettingsCatalog.ALLOWED_SOURCES, s.allowedSources());
    m.put("allow_network", s.allowNetwork());
    m.put("allow_files", s.allowFiles());
    m.put("allow_env", s.allowEnv());
    m.put("log_level", s.logLevel());
    m.put("compile_cache", s.compileCache());
    m.put("order", s.order());
    m.put("kv_value_size", (long) def.maxKvValueBytes());
    m.put("kv_keys", (long) def.maxKvKeys());
    m.put("kv_total_size", def.maxKvTotalBytes());
    m.put("max_wasm_size", (long) s.maxWasmBytes());
    return m;
  }
}
