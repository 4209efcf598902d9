package dev.airlock.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Tokens, health, readiness, metrics and the OpenAPI document. */
final class AdminApi {
  private final Tokens tokens;
  private final Database db;
  private final ServerMetrics metrics;
  private final byte[] openapi;

  AdminApi(Tokens tokens, Database db, ServerMetrics metrics) {
    this.tokens = tokens;
    this.db = db;
    this.metrics = metrics;
    this.openapi = openapiDocument();
  }

  static byte[] openapiDocument() {
    try (InputStream in = AdminApi.class.getResourceAsStream("openapi.json")) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void health(Context ctx) {
    ctx.json(Map.of("status", "ok"));
  }

  void ready(Context ctx) {
    boolean up = db.ping();
    ctx.status(up ? 200 : 503)
        .json(
            Map.of(
                "status",
                up ? "ready" : "not_ready",
                "database",
                Map.of("kind", db.kind(), "reachable", up)));
  }

  void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  void openapi(Context ctx) {
    ctx.contentType("application/json").result(openapi);
  }

  void whoami(Context ctx) {
    Tokens.Token t = ctx.attribute(Auth.TOKEN_ATTRIBUTE);
    ctx.json(view(t));
  }

  void listTokens(Context ctx) {
    ctx.json(Map.of("items", tokens.list().stream().map(AdminApi::view).toList()));
  }

  void createToken(Context ctx) {
    JsonNode body = Json.read(ctx.bodyAsBytes());
    String name = body.path("name").asText("api");
    if (name.isBlank() || name.length() > 200) {
      throw ApiException.badRequest("name must be 1-200 characters");
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    if (!body.path("scopes").isArray() || body.path("scopes").isEmpty()) {
      throw ApiException.badRequest(
          "scopes must be a non-empty array of read, invoke or admin, e.g. [\"read\"]");
    }
    for (JsonNode s : body.path("scopes")) {
      try {
        scopes.add(Scope.parse(s.asText()));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    Tokens.Created c = tokens.create(name, scopes);
    Map<String, Object> m = view(c.token());
    m.put("token", c.secret());
    ctx.status(201).json(m);
  }

  void revokeToken(Context ctx) {
    String id = Ids.token(ctx.pathParam("tokenId"));
    if (!tokens.revoke(id)) {
      throw ApiException.notFound("no active token '" + id + "'");
    }
    ctx.status(204);
  }

  static Map<String, Object> view(Tokens.Token t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("name", t.name());
    m.put("scopes", t.scopes().stream().sorted().map(Scope::label).toList());
    m.put("created_at", Instant.ofEpochMilli(t.createdAt()).toString());
    m.put(
        "revoked_at",
        t.revokedAt() == null ? null : Instant.ofEpochMilli(t.revokedAt()).toString());
    return m;
  }
}
