package dev.airlock.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.host.PluginHost;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The plugin lifecycle routes: list, read, install, update, delete, enable, disable, config. */
final class PluginApi {
  private final PluginHost host;
  private final Database db;
  private final Lifecycle lifecycle;
  private final Uploads uploads;
  private final Map<String, InstallSource> sources;
  private final Set<String> allowedSources;
  private final Path tmp;

  PluginApi(
      PluginHost host,
      Database db,
      Lifecycle lifecycle,
      Uploads uploads,
      List<InstallSource> sources,
      Set<String> allowedSources,
      Path tmp) {
    this.host = host;
    this.db = db;
    this.lifecycle = lifecycle;
    this.uploads = uploads;
    this.sources = new LinkedHashMap<>();
    sources.forEach(s -> this.sources.put(s.kind(), s));
    this.allowedSources = allowedSources;
    this.tmp = tmp;
  }

  void list(Context ctx) {
    String status = filter(ctx, "status", PluginView.STATUSES);
    String type = filter(ctx, "type", PluginView.TYPES);
    List<Map<String, Object>> items = new ArrayList<>();
    for (PluginRecords.Installed r : db.transaction(PluginRecords::all)) {
      Map<String, Object> v = PluginView.of(r, host.plugin(r.id()));
      if ((status == null || status.equals(v.get("status")))
          && (type == null || type.equals(v.get("plugin_type")))) {
        items.add(v);
      }
    }
    ctx.json(Map.of("items", items));
  }

  /**
   * A list filter: absent or empty means none; a value outside {@code allowed} is a 400 (a typo
   * would otherwise answer an empty list, as if nothing matched).
   */
  private static String filter(Context ctx, String name, List<String> allowed) {
    String value = ctx.queryParam(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (!allowed.contains(value)) {
      throw ApiException.badRequest(
          name
              + " "
              + Ids.show(value)
              + " is not valid: expected one of "
              + String.join(", ", allowed)
              + " (or none for all)");
    }
    return value;
  }

  void get(Context ctx) {
    String id = Ids.plugin(ctx.pathParam("id"));
    answer(ctx, 200, id);
  }

  private void answer(Context ctx, int status, String id) {
    PluginRecords.Installed r = lifecycle.record(id);
    ctx.status(status).header("ETag", lifecycle.etag(r)).json(PluginView.of(r, host.plugin(id)));
  }

  void install(Context ctx) {
    String id = withStaging(staging -> lifecycle.install(staged(ctx, staging)));
    ctx.header("Location", "/api/v1/plugins/" + id);
    answer(ctx, 201, id);
  }

  void update(Context ctx) {
    String id = Ids.plugin(ctx.pathParam("id"));
    boolean downgrade = "true".equals(ctx.queryParam("allow_downgrade"));
    withStaging(
        staging -> lifecycle.update(id, staged(ctx, staging), downgrade, ctx.header("If-Match")));
    answer(ctx, 200, id);
  }

  void delete(Context ctx) {
    String id = Ids.plugin(ctx.pathParam("id"));
    lifecycle.delete(id, ctx.header("If-Match"));
    ctx.status(204);
  }

  void enable(Context ctx) {
    String id = Ids.plugin(ctx.pathParam("id"));
    lifecycle.enable(id, true, ctx.header("If-Match"));
    answer(ctx, 200, id);
  }

  void disable(Context ctx) {
    String id = Ids.plugin(ctx.pathParam("id"));
    lifecycle.enable(id, false, ctx.header("If-Match"));
    answer(ctx, 200, id);
  }

  void configure(Context ctx) {
    String id = Ids.plugin(ctx.pathParam("id"));
    JsonNode body = Json.read(ctx.bodyAsBytes());
    JsonNode config = body.has("config") ? body.get("config") : body;
    Map<String, String> values = new LinkedHashMap<>();
    if (!config.isObject()) {
      throw ApiException.badRequest("config must be a JSON object of strings");
    }
    for (var e : config.properties()) {
      if (e.getValue().isContainerNode() || e.getValue().isNull()) {
        throw ApiException.badRequest(
            "config value '" + e.getKey() + "' must be a string, number or boolean");
      }
      values.put(e.getKey(), e.getValue().asText());
    }
    lifecycle.configure(id, values, ctx.header("If-Match"));
    answer(ctx, 200, id);
  }

  void examples(Context ctx) {
    ctx.json(Map.of("items", ExamplePlugins.listing()));
  }

  private Staged staged(Context ctx, Path staging) {
    String type = String.valueOf(ctx.contentType());
    if (type.startsWith("multipart/form-data")) {
      checkAllowed("file", "upload");
      return uploads.receive(ctx, staging);
    }
    if (!type.startsWith("application/json")) {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "send multipart/form-data (field 'file', and 'signature' for .wasm/.zip) or"
              + " application/json ({\"source\": \"registry|git|url|oci|example\", …})");
    }
    uploads.checkDeclaredLength(ctx);
    JsonNode req = Json.read(ctx.bodyAsBytes());
    String kind = req.path("source").asText("");
    InstallSource source = sources.get(kind);
    if (source == null) {
      throw ApiException.badRequest(
          "unknown source '" + kind + "': expected one of " + sources.keySet());
    }
    checkAllowed(source.policyName(), kind);
    return source.fetch(req, staging);
  }

  private void checkAllowed(String policy, String kind) {
    if (!allowedSources.contains(policy)) {
      throw ApiException.unprocessable(
          "source_not_allowed",
          "source '"
              + kind
              + "' is not allowed: allowed_sources is "
              + allowedSources.stream().sorted().toList()
              + " (set PLUGIN_ALLOWED_SOURCES or allowed_sources to change it)");
    }
  }

  private <T> T withStaging(java.util.function.Function<Path, T> work) {
    Path staging;
    try {
      staging = Files.createTempDirectory(tmp, "install-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return work.apply(staging);
    } finally {
      deleteTree(staging);
    }
  }

  static void deleteTree(Path p) {
    try (Stream<Path> files = Files.walk(p)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException ignored) {
      // removed at the next start with the rest of tmp/
    }
  }
}
