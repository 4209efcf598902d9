package dev.airlock.contract;

import static dev.airlock.contract.PluginJson.action;
import static dev.airlock.contract.PluginJson.known;
import static dev.airlock.contract.PluginJson.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads the replies of the proxy hooks (docs/contracts/proxy.md); no output is the neutral one. */
final class ProxyReplies {
  private static final Set<String> ACTION = Set.of("action");
  private static final Set<String> REASON = Set.of("action", "reason");
  private static final Set<String> TARGET = Set.of("action", "target");

  private ProxyReplies() {}

  /** {@code pre_query} when {@code cached} is allowed, {@code rewrite} when not. */
  static QueryAction queryAction(byte[] out, boolean cachedAllowed) throws BadReply {
    if (out.length == 0) {
      return QueryAction.CONTINUE;
    }
    ObjectNode n = PluginJson.parse(out);
    List<String> actions =
        cachedAllowed
            ? List.of("continue", "rewrite", "block", "cached")
            : List.of("continue", "rewrite", "block");
    return switch (action(n, actions)) {
      case "rewrite" -> {
        known(n, "rewrite reply", Set.of("action", "query"));
        yield new QueryAction.Rewrite(string(n, "query", "rewrite reply"));
      }
      case "block" -> {
        known(n, "block reply", REASON);
        yield new QueryAction.Block(string(n, "reason", "block reply"));
      }
      case "cached" -> {
        known(n, "cached reply", Set.of("action", "columns", "rows"));
        List<String> columns = PluginJson.strings(n, "columns", "cached reply");
        yield new QueryAction.Cached(resultSet(columns, n.get("rows"), "cached reply"));
      }
      default -> {
        known(n, "continue reply", ACTION);
        yield QueryAction.CONTINUE;
      }
    };
  }

  /** {@code post_query}: continue keeps {@code current}; rewrite replaces its rows. */
  static PostQueryResult postQuery(byte[] out, ResultSet current) throws BadReply {
    if (out.length == 0) {
      return new PostQueryResult.Pass(current, false);
    }
    ObjectNode n = PluginJson.parse(out);
    return switch (action(n, List.of("continue", "rewrite", "block"))) {
      case "rewrite" -> {
        known(n, "rewrite reply", Set.of("action", "rows"));
        yield new PostQueryResult.Pass(
            resultSet(current.columns(), n.get("rows"), "rewrite reply"), true);
      }
      case "block" -> {
        known(n, "block reply", REASON);
        yield new PostQueryResult.Withhold(string(n, "reason", "block reply"));
      }
      default -> {
        known(n, "continue reply", ACTION);
        yield new PostQueryResult.Pass(current, false);
      }
    };
  }

  static AuthResult authenticate(byte[] out) throws BadReply {
    if (out.length == 0) {
      return AuthResult.DEFER;
    }
    ObjectNode n = PluginJson.parse(out);
    return switch (action(n, List.of("success", "denied", "defer"))) {
      case "success" -> {
        known(n, "success reply", Set.of("action", "identity"));
        yield new AuthResult.Success(identity(PluginJson.objectField(n, "identity", "reply")));
      }
      case "denied" -> {
        known(n, "denied reply", REASON);
        yield new AuthResult.Denied(string(n, "reason", "denied reply"));
      }
      default -> {
        known(n, "defer reply", ACTION);
        yield AuthResult.DEFER;
      }
    };
  }

  static AuthorizeResult authorize(byte[] out) throws BadReply {
    if (out.length == 0) {
      return AuthorizeResult.DEFER;
    }
    ObjectNode n = PluginJson.parse(out);
    return switch (action(n, List.of("allow", "deny", "defer"))) {
      case "deny" -> {
        known(n, "deny reply", REASON);
        yield new AuthorizeResult.Deny(string(n, "reason", "deny reply"));
      }
      case "allow" -> {
        known(n, "allow reply", ACTION);
        yield AuthorizeResult.ALLOW;
      }
      default -> {
        known(n, "defer reply", ACTION);
        yield AuthorizeResult.DEFER;
      }
    };
  }

  static RouteResult route(byte[] out) throws BadReply {
    if (out.length == 0) {
      return RouteResult.DEFAULT;
    }
    ObjectNode n = PluginJson.parse(out);
    String action = action(n, List.of("default", "node", "primary", "standby", "branch", "block"));
    return switch (action) {
      case "node" -> {
        known(n, "node reply", TARGET);
        yield new RouteResult.Node(string(n, "target", "node reply"));
      }
      case "branch" -> {
        known(n, "branch reply", TARGET);
        yield new RouteResult.Branch(string(n, "target", "branch reply"));
      }
      case "block" -> {
        known(n, "block reply", REASON);
        yield new RouteResult.Block(string(n, "reason", "block reply"));
      }
      default -> {
        known(n, action + " reply", ACTION);
        yield switch (action) {
          case "primary" -> new RouteResult.Primary();
          case "standby" -> new RouteResult.Standby();
          default -> RouteResult.DEFAULT;
        };
      }
    };
  }

  static ConnectResult connect(byte[] out) throws BadReply {
    if (out.length == 0) {
      return ConnectResult.ACCEPT;
    }
    ObjectNode n = PluginJson.parse(out);
    if (action(n, List.of("accept", "reject")).equals("reject")) {
      known(n, "reject reply", REASON);
      return new ConnectResult.Reject(string(n, "reason", "reject reply"));
    }
    known(n, "accept reply", ACTION);
    return ConnectResult.ACCEPT;
  }

  static Identity identity(ObjectNode n) throws BadReply {
    String where = "identity";
    known(n, where, Set.of("user_id", "username", "roles", "tenant_id", "claims"));
    return new Identity(
        string(n, "user_id", where),
        string(n, "username", where),
        PluginJson.strings(n, "roles", where),
        PluginJson.optionalString(n, "tenant_id", where),
        PluginJson.stringMap(n, "claims", where));
  }

  private static ResultSet resultSet(List<String> columns, JsonNode rows, String where)
      throws BadReply {
    if (rows == null || !rows.isArray()) {
      throw BadReply.malformed(
          where + " field 'rows' should be an array of rows, got " + PluginJson.kind(rows));
    }
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (JsonNode row : rows) {
      if (!row.isArray()) {
        throw BadReply.malformed(where + " row should be an array, got " + PluginJson.kind(row));
      }
      List<Object> cells = new ArrayList<>(row.size());
      row.forEach(c -> cells.add(ProxyJson.cell(c)));
      out.add(cells);
    }
    try {
      return new ResultSet(columns, out);
    } catch (IllegalArgumentException e) {
      throw BadReply.malformed(where + ": " + e.getMessage());
    }
  }
}
