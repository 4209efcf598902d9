package dev.airlock.server;

import dev.airlock.artefact.ConfigSchema;
import dev.airlock.artefact.Manifest;
import dev.airlock.host.PluginInfo;
import dev.airlock.host.PluginStats;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The JSON shape of a plugin: its database record joined with what the host knows now. */
final class PluginView {
  /** Every {@code status} a record can have, as {@link #status} names them. */
  static final List<String> STATUSES = List.of("enabled", "disabled", "failed", "unloaded");

  /** Every {@code plugin_type}, as {@link #type} names them. */
  static final List<String> TYPES =
      List.of(
          "format_handler",
          "authentication",
          "authorization",
          "validator",
          "metadata_extractor",
          "post_processor",
          "query_hook",
          "custom");

  private PluginView() {}

  static Map<String, Object> of(PluginRecords.Installed r, Optional<PluginInfo> info) {
    Map<String, Object> m = new LinkedHashMap<>();
    Optional<Manifest> man = info.flatMap(PluginInfo::manifest);
    m.put("id", r.id());
    m.put("name", r.id());
    m.put("version", r.version());
    m.put("description", man.map(Manifest::description).orElse(""));
    m.put("author", man.map(Manifest::author).orElse(""));
    m.put("license", man.map(Manifest::license).orElse(""));
    m.put("status", status(info));
    m.put("plugin_type", type(man.map(Manifest::hooks).orElse(List.of())));
    m.put("hooks", man.map(Manifest::hooks).orElse(List.of()));
    m.put("abi", man.flatMap(Manifest::abi).map(a -> a.name().toLowerCase(Locale.ROOT)).orElse(""));
    m.put("signer", info.flatMap(PluginInfo::signer).orElse(null));
    m.put(
        "config_schema", man.flatMap(Manifest::configSchema).map(PluginView::schema).orElse(null));
    m.put("config", info.map(PluginInfo::config).orElse(Map.of()));
    m.put("failure", info.flatMap(PluginInfo::failure).orElse(null));
    m.put("source", r.source());
    m.put("sha256", r.blobDigest());
    m.put("installed_at", Instant.ofEpochMilli(r.installedAt()).toString());
    m.put("updated_at", Instant.ofEpochMilli(r.updatedAt()).toString());
    m.put("enabled_at", info.flatMap(PluginInfo::enabledAt).map(Instant::toString).orElse(null));
    m.put("stats", stats(info.map(PluginInfo::stats)));
    return m;
  }

  static String status(Optional<PluginInfo> info) {
    return info.map(
            i ->
                switch (i.status()) {
                  case ENABLED -> "enabled";
                  case LOADED, DISABLED -> "disabled";
                  case FAILED -> "failed";
                })
        .orElse("unloaded");
  }

  /** Artifact Keeper's plugin types, read off the hooks a plugin serves. */
  static String type(List<String> hooks) {
    if (hooks.contains("format_key")) {
      return "format_handler";
    }
    if (hooks.contains("authenticate")) {
      return "authentication";
    }
    if (hooks.contains("authorize")) {
      return "authorization";
    }
    if (hooks.contains("validate_upload")) {
      return "validator";
    }
    if (hooks.contains("extract")) {
      return "metadata_extractor";
    }
    if (hooks.contains("process")) {
      return "post_processor";
    }
    for (String q : List.of("pre_query", "post_query", "route", "rewrite", "on_connect")) {
      if (hooks.contains(q)) {
        return "query_hook";
      }
    }
    return "custom";
  }

  private static Map<String, Object> stats(Optional<PluginStats> s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("calls", s.map(PluginStats::calls).orElse(0L));
    m.put("errors", s.map(PluginStats::errors).orElse(0L));
    m.put("timeouts", s.map(PluginStats::timeouts).orElse(0L));
    m.put("p50_ms", s.map(x -> x.p50().toNanos() / 1e6).orElse(0.0));
    m.put("p99_ms", s.map(x -> x.p99().toNanos() / 1e6).orElse(0.0));
    return m;
  }

  static Map<String, Object> schema(ConfigSchema s) {
    Map<String, Object> props = new LinkedHashMap<>();
    for (ConfigSchema.Property p : s.properties().values()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("type", p.type().name().toLowerCase(Locale.ROOT));
      if (!p.enumValues().isEmpty()) {
        d.put("enum", p.enumValues());
      }
      p.minimum().ifPresent(v -> d.put("minimum", v));
      p.maximum().ifPresent(v -> d.put("maximum", v));
      if (p.minLength() >= 0) {
        d.put("minLength", p.minLength());
      }
      if (p.maxLength() >= 0) {
        d.put("maxLength", p.maxLength());
      }
      p.pattern().ifPresent(v -> d.put("pattern", v));
      d.put("description", p.description());
      props.put(p.name(), d);
    }
    return Map.of("type", "object", "properties", props, "required", s.required());
  }
}
