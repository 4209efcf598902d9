package dev.airlock.artefact;

import dev.airlock.internal.CanonicalJson;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Field names of {@code manifest.json} and the canonical writer. */
final class ManifestJson {
  static final String SCHEMA_VERSION = "schema_version";
  static final String NAME = "name";
  static final String VERSION = "version";
  static final String DESCRIPTION = "description";
  static final String LICENSE = "license";
  static final String HOOKS = "hooks";
  static final String WASM_SHA256 = "wasm_sha256";
  static final String ABI = "abi";
  static final String PERMISSIONS = "permissions";
  static final String SIGNATURE_ALGORITHM = "signature_algorithm";
  static final String PACKED_AT = "packed_at";
  static final String AUTHOR = "author";
  static final String HOMEPAGE = "homepage";
  static final String CONFIG_SCHEMA = "config_schema";

  static final List<String> FIELDS =
      List.of(
          SCHEMA_VERSION,
          NAME,
          VERSION,
          DESCRIPTION,
          LICENSE,
          HOOKS,
          WASM_SHA256,
          ABI,
          PERMISSIONS,
          SIGNATURE_ALGORITHM,
          PACKED_AT,
          AUTHOR,
          HOMEPAGE,
          CONFIG_SCHEMA);

  static final String MAX_MEMORY_PAGES = "max_memory_pages";
  static final String MAX_EXECUTION_MS = "max_execution_ms";
  static final String MAX_CPU_MS = "max_cpu_ms";
  static final String ALLOWED_PATHS = "allowed_paths";
  static final String ALLOWED_HOSTS = "allowed_hosts";
  static final String ENV = "env";

  static final List<String> PERMISSION_FIELDS =
      List.of(MAX_MEMORY_PAGES, MAX_EXECUTION_MS, MAX_CPU_MS, ALLOWED_PATHS, ALLOWED_HOSTS, ENV);

  static final List<String> PATH_GRANT_FIELDS = List.of("host", "guest", "writable");

  /** {@code YYYY-MM-DDTHH:MM:SSZ}, nothing else. */
  static final DateTimeFormatter PACKED_AT_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(java.time.ZoneOffset.UTC);

  private ManifestJson() {}

  static byte[] toCanonicalJson(Manifest m) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(SCHEMA_VERSION, m.schemaVersion());
    json.put(NAME, m.name());
    json.put(VERSION, m.version().toString());
    json.put(DESCRIPTION, m.description());
    json.put(LICENSE, m.license());
    json.put(HOOKS, m.hooks());
    json.put(WASM_SHA256, m.wasmSha256());
    m.abi().ifPresent(abi -> json.put(ABI, abi.id()));
    if (!m.permissions().isNone()) {
      json.put(PERMISSIONS, permissions(m.permissions()));
    }
    json.put(SIGNATURE_ALGORITHM, m.signatureAlgorithm().orElse(null));
    json.put(PACKED_AT, PACKED_AT_FORMAT.format(m.packedAt()));
    if (!m.author().isEmpty()) {
      json.put(AUTHOR, m.author());
    }
    if (!m.homepage().isEmpty()) {
      json.put(HOMEPAGE, m.homepage());
    }
    m.configSchema().ifPresent(schema -> json.put(CONFIG_SCHEMA, schema.toJsonMap()));
    return CanonicalJson.write(json);
  }

  private static Map<String, Object> permissions(Permissions p) {
    Map<String, Object> json = new LinkedHashMap<>();
    p.maxMemoryPages().ifPresent(v -> json.put(MAX_MEMORY_PAGES, v));
    p.maxExecutionMillis().ifPresent(v -> json.put(MAX_EXECUTION_MS, v));
    p.maxCpuMillis().ifPresent(v -> json.put(MAX_CPU_MS, v));
    if (!p.allowedPaths().isEmpty()) {
      List<Object> paths = new ArrayList<>();
      for (PathGrant g : p.allowedPaths()) {
        paths.add(Map.of("host", g.host(), "guest", g.guest(), "writable", g.writable()));
      }
      json.put(ALLOWED_PATHS, paths);
    }
    if (!p.allowedHosts().isEmpty()) {
      json.put(ALLOWED_HOSTS, p.allowedHosts());
    }
    if (!p.env().isEmpty()) {
      json.put(ENV, p.env());
    }
    return json;
  }
}
