package dev.airlock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON inputs of the proxy hooks (docs/contracts/proxy.md), and result-set cells. */
final class ProxyJson {
  private ProxyJson() {}

  static ObjectNode query(QueryContext q) {
    ObjectNode o = PluginJson.object();
    o.put("query", q.query());
    o.put("normalized_query", q.normalizedQuery());
    o.set("tables", PluginJson.stringArray(q.tables()));
    o.put("read_only", q.readOnly());
    RequestContext c = q.context();
    ObjectNode ctx = o.putObject("context");
    ctx.put("request_id", c.requestId());
    put(ctx, "client_id", c.clientId());
    put(ctx, "identity", c.identity());
    put(ctx, "database", c.database());
    put(ctx, "branch", c.branch());
    ctx.set("attributes", PluginJson.stringObject(c.attributes()));
    return o;
  }

  static ObjectNode postQuery(QueryContext q, QueryOutcome outcome, ResultSet result) {
    ObjectNode o = query(q);
    ObjectNode out = o.putObject("outcome");
    out.put("success", outcome.success());
    put(out, "target_node", outcome.targetNode());
    out.put("elapsed_us", outcome.elapsed().toNanos() / 1000);
    put(out, "error", outcome.error());
    o.set("columns", PluginJson.stringArray(result.columns()));
    o.set("rows", rows(result));
    return o;
  }

  static ObjectNode authenticate(AuthRequest r) {
    ObjectNode o = PluginJson.object();
    put(o, "username", r.username());
    put(o, "password", r.password());
    o.put("client_address", r.clientAddress());
    put(o, "database", r.database());
    o.set("headers", PluginJson.stringObject(r.headers()));
    return o;
  }

  static ObjectNode authorize(Identity identity, QueryContext q) {
    ObjectNode o = query(q);
    o.set("principal", identity(identity));
    return o;
  }

  static ObjectNode identity(Identity i) {
    ObjectNode o = PluginJson.object();
    o.put("user_id", i.userId());
    o.put("username", i.username());
    o.set("roles", PluginJson.stringArray(i.roles()));
    put(o, "tenant_id", i.tenantId());
    o.set("claims", PluginJson.stringObject(i.claims()));
    return o;
  }

  static ObjectNode connection(ConnectionInfo c) {
    ObjectNode o = PluginJson.object();
    o.put("connection_id", c.connectionId());
    o.put("client_address", c.clientAddress());
    put(o, "username", c.username());
    put(o, "database", c.database());
    o.set("attributes", PluginJson.stringObject(c.attributes()));
    return o;
  }

  static ArrayNode rows(ResultSet result) {
    ArrayNode rows = PluginJson.MAPPER.createArrayNode();
    for (List<Object> row : result.rows()) {
      ArrayNode r = rows.addArray();
      for (Object cell : row) {
        r.add(cell == null ? NullNode.getInstance() : PluginJson.MAPPER.valueToTree(cell));
      }
    }
    return rows;
  }

  /** A JSON value as a result-set cell (see {@link ResultSet}). */
  static Object cell(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      BigInteger b = v.bigIntegerValue();
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isArray()) {
      List<Object> list = new ArrayList<>(v.size());
      v.forEach(e -> list.add(cell(e)));
      return list;
    }
    Map<String, Object> map = new LinkedHashMap<>();
    v.properties().forEach(e -> map.put(e.getKey(), cell(e.getValue())));
    return map;
  }

  private static void put(ObjectNode o, String field, Optional<String> value) {
    value.ifPresent(v -> o.put(field, v));
  }
}
