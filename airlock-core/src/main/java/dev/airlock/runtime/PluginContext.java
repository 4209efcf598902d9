package dev.airlock.runtime;

import dev.airlock.artefact.Permissions;
import java.util.Map;

/**
 * What every instance of one plugin shares: its name, effective limits and grants, KV store, Extism
 * vars and current configuration. Thread-safe.
 */
final class PluginContext {
  final String name;
  final Limits limits;
  final Permissions grants;
  final KvStore kv;
  final KvStore vars;
  final LogLine.Level logLevel;
  private volatile Map<String, String> config;

  PluginContext(
      String name,
      Limits limits,
      Permissions grants,
      Map<String, String> config,
      LogLine.Level logLevel) {
    this.name = name;
    this.limits = limits;
    this.grants = grants;
    this.kv = new KvStore(limits);
    this.vars = new KvStore(limits);
    this.config = Map.copyOf(config);
    this.logLevel = logLevel;
  }

  Map<String, String> config() {
    return config;
  }

  void config(Map<String, String> config) {
    this.config = Map.copyOf(config);
  }
}
