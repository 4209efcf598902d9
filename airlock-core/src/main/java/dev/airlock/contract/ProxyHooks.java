package dev.airlock.contract;

import dev.airlock.contract.Dispatcher.Reply;
import java.util.List;

/**
 * The database-proxy hooks, as HeliosDB Proxy defines them, dispatched to the enabled plugins with
 * their fan-out rules (docs/contracts/proxy.md):
 *
 * <ul>
 *   <li>{@code pre_query}, {@code authenticate}, {@code route}, {@code on_connect}: plugins in
 *       order until the first non-neutral answer (non-continue, non-defer, non-default, reject);
 *   <li>{@code authorize}: until the first deny; allowed when at least one plugin allowed;
 *   <li>{@code rewrite}: every plugin, each seeing the query as the previous one rewrote it, until
 *       one blocks;
 *   <li>{@code post_query}, {@code on_disconnect}: every plugin.
 * </ul>
 *
 * <p>A plugin failure (trap, timeout, limit, malformed reply) is handled by the {@link
 * FailurePolicy}. Thread-safe; never throws for a plugin failure.
 */
public final class ProxyHooks {
  /** Hook name: before a query runs. */
  public static final String PRE_QUERY = "pre_query";

  /** Hook name: after a query ran, with its rows. */
  public static final String POST_QUERY = "post_query";

  /** Hook name: a login. */
  public static final String AUTHENTICATE = "authenticate";

  /** Hook name: may an identity run a query. */
  public static final String AUTHORIZE = "authorize";

  /** Hook name: where a query runs. */
  public static final String ROUTE = "route";

  /** Hook name: rewrite a query's SQL. */
  public static final String REWRITE = "rewrite";

  /** Hook name: a client connected. */
  public static final String ON_CONNECT = "on_connect";

  /** Hook name: a client disconnected. */
  public static final String ON_DISCONNECT = "on_disconnect";

  private final Dispatcher dispatcher;

  private ProxyHooks(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /**
   * Proxy hooks over these plugins.
   *
   * @param targets the enabled plugins, in dispatch order
   * @param policy what a plugin failure does
   * @return the facade
   */
  public static ProxyHooks of(HookTargets targets, FailurePolicy policy) {
    return new ProxyHooks(new Dispatcher(targets, policy));
  }

  /**
   * Proxy hooks with the {@linkplain FailurePolicy#defaults() default failure policy}.
   *
   * @param targets the enabled plugins, in dispatch order
   * @return the facade
   */
  public static ProxyHooks of(HookTargets targets) {
    return of(targets, FailurePolicy.defaults());
  }

  /**
   * Runs {@code pre_query}: stops at the first plugin that does not answer continue.
   *
   * @param query the query
   * @return continue, rewrite, block or cached; block when a plugin failed closed
   */
  public HookOutcome<QueryAction> preQuery(QueryContext query) {
    return dispatcher.untilDecided(
        PRE_QUERY,
        PluginJson.bytes(ProxyJson.query(query)),
        out -> ProxyReplies.queryAction(out, true),
        a -> a instanceof QueryAction.Continue,
        QueryAction.CONTINUE,
        f -> new QueryAction.Block(Dispatcher.closedReason(f)));
  }

  /**
   * Runs {@code post_query} on every plugin, in order. Each sees the rows as the plugins before it
   * left them; the first block decides that the rows are withheld (later plugins are still called,
   * so observers see every result).
   *
   * @param query the query
   * @param outcome how it went
   * @param result the rows the database returned
   * @return the rows to send, or withhold; withhold when a plugin failed closed
   */
  public HookOutcome<PostQueryResult> postQuery(
      QueryContext query, QueryOutcome outcome, ResultSet result) {
    Trace trace = new Trace();
    PostQueryResult.Pass pass = new PostQueryResult.Pass(result, false);
    PostQueryResult.Withhold withheld = null;
    String decidedBy = null;
    byte[] input = null;
    for (HookTarget t : dispatcher.targets(POST_QUERY)) {
      if (input == null) {
        input = PluginJson.bytes(ProxyJson.postQuery(query, outcome, pass.result()));
      }
      ResultSet rows = pass.result();
      Reply<PostQueryResult> r =
          trace.add(
              dispatcher.call(t, POST_QUERY, input, out -> ProxyReplies.postQuery(out, rows)));
      if (r.failed()) {
        if (r.failedClosed() && withheld == null) {
          withheld = new PostQueryResult.Withhold(Dispatcher.closedReason(r.failure()));
          decidedBy = t.name();
        }
      } else if (r.value() instanceof PostQueryResult.Withhold w) {
        if (withheld == null) {
          withheld = w;
          decidedBy = t.name();
        }
      } else if (r.value() instanceof PostQueryResult.Pass p && p.rewritten()) {
        pass = new PostQueryResult.Pass(p.result(), true);
        input = null; // the next plugin sees the new rows
        if (withheld == null) {
          decidedBy = t.name();
        }
      }
    }
    return trace.outcome(withheld != null ? withheld : pass, decidedBy);
  }

  /**
   * Runs {@code authenticate}: stops at the first plugin that does not defer.
   *
   * @param request the login attempt
   * @return success, denied or defer; denied when a plugin failed closed
   */
  public HookOutcome<AuthResult> authenticate(AuthRequest request) {
    return dispatcher.untilDecided(
        AUTHENTICATE,
        PluginJson.bytes(ProxyJson.authenticate(request)),
        ProxyReplies::authenticate,
        a -> a instanceof AuthResult.Defer,
        AuthResult.DEFER,
        f -> new AuthResult.Denied(Dispatcher.closedReason(f)));
  }

  /**
   * Runs {@code authorize}: stops at the first deny; otherwise allow when any plugin allowed, defer
   * when all deferred. A deny from a later plugin overrides an earlier allow.
   *
   * @param identity who runs the query
   * @param query the query
   * @return allow, deny or defer; deny when a plugin failed closed
   */
  public HookOutcome<AuthorizeResult> authorize(Identity identity, QueryContext query) {
    byte[] input = PluginJson.bytes(ProxyJson.authorize(identity, query));
    Trace trace = new Trace();
    String allowedBy = null;
    for (HookTarget t : dispatcher.targets(AUTHORIZE)) {
      Reply<AuthorizeResult> r =
          trace.add(dispatcher.call(t, AUTHORIZE, input, ProxyReplies::authorize));
      if (r.failedClosed()) {
        return trace.outcome(
            new AuthorizeResult.Deny(Dispatcher.closedReason(r.failure())), t.name());
      }
      if (!r.failed() && r.value() instanceof AuthorizeResult.Deny) {
        return trace.outcome(r.value(), t.name());
      }
      if (!r.failed() && r.value() instanceof AuthorizeResult.Allow && allowedBy == null) {
        allowedBy = t.name();
      }
    }
    return allowedBy != null
        ? trace.outcome(AuthorizeResult.ALLOW, allowedBy)
        : trace.outcome(AuthorizeResult.DEFER, null);
  }

  /**
   * Runs {@code route}: stops at the first plugin that does not answer default.
   *
   * @param query the query
   * @return where to run it; block when a plugin failed closed
   */
  public HookOutcome<RouteResult> route(QueryContext query) {
    return dispatcher.untilDecided(
        ROUTE,
        PluginJson.bytes(ProxyJson.query(query)),
        ProxyReplies::route,
        a -> a instanceof RouteResult.Default,
        RouteResult.DEFAULT,
        f -> new RouteResult.Block(Dispatcher.closedReason(f)));
  }

  /**
   * Runs {@code rewrite} on every plugin in order, each seeing the SQL as the previous one left it,
   * until one blocks.
   *
   * @param query the query
   * @return continue (nobody rewrote), rewrite with the final SQL, or block; block when a plugin
   *     failed closed. Never cached.
   */
  public HookOutcome<QueryAction> rewrite(QueryContext query) {
    Trace trace = new Trace();
    QueryContext current = query;
    String rewrittenBy = null;
    for (HookTarget t : dispatcher.targets(REWRITE)) {
      byte[] input = PluginJson.bytes(ProxyJson.query(current));
      Reply<QueryAction> r =
          trace.add(
              dispatcher.call(t, REWRITE, input, out -> ProxyReplies.queryAction(out, false)));
      if (r.failedClosed()) {
        return trace.outcome(new QueryAction.Block(Dispatcher.closedReason(r.failure())), t.name());
      }
      if (r.failed()) {
        continue;
      }
      if (r.value() instanceof QueryAction.Block) {
        return trace.outcome(r.value(), t.name());
      }
      if (r.value() instanceof QueryAction.Rewrite rw) {
        current = current.withQuery(rw.query());
        rewrittenBy = t.name();
      }
    }
    return rewrittenBy == null
        ? trace.outcome(QueryAction.CONTINUE, null)
        : trace.outcome(new QueryAction.Rewrite(current.query()), rewrittenBy);
  }

  /**
   * Runs {@code on_connect}: stops at the first plugin that rejects.
   *
   * @param connection the new connection
   * @return accept or reject; reject when a plugin failed closed
   */
  public HookOutcome<ConnectResult> onConnect(ConnectionInfo connection) {
    return dispatcher.untilDecided(
        ON_CONNECT,
        PluginJson.bytes(ProxyJson.connection(connection)),
        ProxyReplies::connect,
        a -> a instanceof ConnectResult.Accept,
        ConnectResult.ACCEPT,
        f -> new ConnectResult.Reject(Dispatcher.closedReason(f)));
  }

  /**
   * Runs {@code on_disconnect} on every plugin; their output is ignored. The connection is already
   * gone, so the failure mode only decides how a failure is logged.
   *
   * @param connection the closed connection
   * @return the failed calls, empty when every plugin took the notice
   */
  public List<HookFailure> onDisconnect(ConnectionInfo connection) {
    byte[] input = PluginJson.bytes(ProxyJson.connection(connection));
    Trace trace = new Trace();
    for (HookTarget t : dispatcher.targets(ON_DISCONNECT)) {
      trace.add(dispatcher.call(t, ON_DISCONNECT, input, out -> Boolean.TRUE));
    }
    return trace.failures();
  }
}
