package dev.airlock.host;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every host setting: its key (under {@code [plugins]} in the file), its value type, the
 * environment variable and the flag that can set it. Artifact Keeper's variables keep their
 * documented names and units.
 */
final class SettingsCatalog {
  /** Value types; each has a text form (flags, environment) and a file form. */
  enum Type {
    BOOLEAN,
    PATH,
    OPTIONAL_PATH,
    /** Memory: a size, rounded up to whole 64 KiB pages, 64KiB..4GiB. */
    MEMORY,
    /** A duration above zero. */
    DURATION,
    /** A duration of zero or more. */
    DELAY,
    /** A size in bytes that fits an int. */
    INT_SIZE,
    /** A size in bytes. */
    LONG_SIZE,
    /** A count of at least 1. */
    COUNT,
    SOURCES,
    NAMES,
    ISOLATION,
    LEVEL,
    /** A boolean whose default depends on another setting. */
    DERIVED_BOOLEAN
  }

  /** Units of Artifact Keeper's variables, which differ from our text forms. */
  enum EnvUnit {
    /** The text form, as for flags. */
    TEXT,
    /** A whole number of MiB. */
    MIB,
    /** A whole number of milliseconds. */
    MILLIS
  }

  /**
   * One setting.
   *
   * @param key the key under {@code [plugins]}
   * @param type the value type
   * @param env the environment variable, or null
   * @param envUnit how the variable's value reads
   * @param flag the command-line flag, or null
   */
  record Def(String key, Type type, String env, EnvUnit envUnit, String flag) {
    Optional<String> envVar() {
      return Optional.ofNullable(env);
    }

    Optional<String> flagName() {
      return Optional.ofNullable(flag);
    }
  }

  static final String ENABLED = "enabled";
  static final String DIRECTORY = "directory";
  static final String HOT_RELOAD = "hot_reload";
  static final String TRUST_ROOT = "trust_root";
  static final String REQUIRE_SIGNATURE = "require_signature";
  static final String ALLOWED_SOURCES = "allowed_sources";

  static final List<Def> ALL =
      List.of(
          def(ENABLED, Type.BOOLEAN, "PLUGINS_ENABLED", null),
          def(DIRECTORY, Type.PATH, "PLUGINS_PATH", "--dir"),
          def(HOT_RELOAD, Type.BOOLEAN, null, "--hot-reload"),
          def("debounce", Type.DELAY, null, "--debounce"),
          def("enable_new_plugins", Type.BOOLEAN, null, null),
          def("allow_downgrade", Type.BOOLEAN, null, null),
          def("isolation", Type.ISOLATION, null, "--isolation"),
          def("memory", Type.MEMORY, null, "--memory"),
          def("timeout", Type.DURATION, null, "--timeout"),
          def("cpu_time", Type.DURATION, null, "--cpu-time"),
          new Def("max_memory", Type.MEMORY, "PLUGIN_MAX_MEMORY_MB", EnvUnit.MIB, "--max-memory"),
          new Def(
              "max_timeout",
              Type.DURATION,
              "PLUGIN_MAX_EXECUTION_TIME_MS",
              EnvUnit.MILLIS,
              "--max-timeout"),
          new Def(
              "max_cpu_time", Type.DURATION, "PLUGIN_MAX_CPU_MS", EnvUnit.MILLIS, "--max-cpu-time"),
          def(TRUST_ROOT, Type.OPTIONAL_PATH, "PLUGIN_TRUSTED_KEYS", "--trust-root"),
          def(
              REQUIRE_SIGNATURE,
              Type.DERIVED_BOOLEAN,
              "PLUGIN_REQUIRE_SIGNATURE",
              "--require-signature"),
          def(ALLOWED_SOURCES, Type.SOURCES, "PLUGIN_ALLOWED_SOURCES", "--allowed-sources"),
          def("allow_network", Type.BOOLEAN, "PLUGIN_ALLOW_NETWORK", "--allow-network"),
          def("allow_files", Type.BOOLEAN, null, null),
          def("allow_env", Type.BOOLEAN, null, null),
          def("log_level", Type.LEVEL, "PLUGIN_LOG_LEVEL", "--log-level"),
          def("compile_cache", Type.OPTIONAL_PATH, null, "--compile-cache"),
          def("order", Type.NAMES, null, null),
          def("kv_value_size", Type.INT_SIZE, null, null),
          def("kv_keys", Type.COUNT, null, null),
          def("kv_total_size", Type.LONG_SIZE, null, null),
          def("max_wasm_size", Type.INT_SIZE, null, null));

  static final Map<String, Def> BY_KEY =
      ALL.stream()
          .collect(
              Collectors.toMap(
                  Def::key, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));

  /** Keys of a {@code [[providers]]} entry. */
  static final List<String> PROVIDER_KEYS = List.of("name", "path", "config");

  /**
   * Top-level keys of the file ({@code [oci]} is read by the OCI module, {@code [catalog]} by the
   * catalog module, see {@link SettingsTables}).
   */
  static final List<String> SECTIONS = List.of("plugins", "providers", "oci", "catalog");

  private SettingsCatalog() {}

  private static Def def(String key, Type type, String env, String flag) {
    return new Def(key, type, env, EnvUnit.TEXT, flag);
  }

  static List<String> keys() {
    return ALL.stream().map(Def::key).toList();
  }
}
