package dev.airlock.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The proxy hooks' fan-out rules and wire forms, with scripted plugins. */
class ProxyHooksTest {
  static final RequestContext CTX =
      new RequestContext(
          "r-1",
          Optional.of("app"),
          Optional.of("alice"),
          Optional.of("shop"),
          Optional.empty(),
          Map.of("tenant_id", "t1"));
  static final QueryContext Q =
      new QueryContext("SELECT * FROM users", "select * from users", List.of("users"), true, CTX);
  static final Identity ALICE =
      new Identity("u1", "alice", List.of("reader"), Optional.of("t1"), Map.of());

  static ProxyHooks hooks(FakeTarget... targets) {
    return ProxyHooks.of(HookTargets.of(Arrays.asList(targets)));
  }

  @Test
  void preQuery_sendsTheQueryContextAsJson() {
    FakeTarget a = FakeTarget.named("a").replies("pre_query", "");

    hooks(a).preQuery(Q);

    assertThat(a.lastInput())
        .isEqualTo(
            "{\"query\":\"SELECT * FROM users\",\"normalized_query\":\"select * from users\","
                + "\"tables\":[\"users\"],\"read_only\":true,\"context\":{\"request_id\":\"r-1\","
                + "\"client_id\":\"app\",\"identity\":\"alice\",\"database\":\"shop\","
                + "\"attributes\":{\"tenant_id\":\"t1\"}}}");
  }

  @Test
  void preQuery_stopsAtTheFirstNonContinue_laterPluginsAreNotCalled() {
    FakeTarget a = FakeTarget.named("a").replies("pre_query", "{\"action\":\"continue\"}");
    FakeTarget b =
        FakeTarget.named("b").replies("pre_query", "{\"action\":\"block\",\"reason\":\"no\"}");
    FakeTarget c =
        FakeTarget.named("c").replies("pre_query", "{\"action\":\"block\",\"reason\":\"c\"}");

    HookOutcome<QueryAction> out = hooks(a, b, c).preQuery(Q);

    assertThat(out.value()).isEqualTo(new QueryAction.Block("no"));
    assertThat(out.decidedBy()).contains("b");
    assertThat(out.called()).containsExactly("a", "b");
    assertThat(c.calls).isEmpty();
    assertThat(out.failures()).isEmpty();
  }

  @Test
  void preQuery_allContinue_isContinueDecidedByNobody() {
    HookOutcome<QueryAction> out =
        hooks(
                FakeTarget.named("a").replies("pre_query", ""),
                FakeTarget.named("b").replies("pre_query", ""))
            .preQuery(Q);

    assertThat(out.value()).isEqualTo(QueryAction.CONTINUE);
    assertThat(out.decidedBy()).isEmpty();
    assertThat(out.called()).containsExactly("a", "b");
  }

  @Test
  void preQuery_readsRewriteAndCached() {
    HookOutcome<QueryAction> rewrite =
        hooks(
                FakeTarget.named("a")
                    .replies("pre_query", "{\"action\":\"rewrite\",\"query\":\"SELECT 1\"}"))
            .preQuery(Q);
    HookOutcome<QueryAction> cached =
        hooks(
                FakeTarget.named("a")
                    .replies(
                        "pre_query",
                        "{\"action\":\"cached\",\"columns\":[\"n\",\"s\"],\"rows\":[[1,\"x\"],[2.5,null]]}"))
            .preQuery(Q);

    assertThat(rewrite.value()).isEqualTo(new QueryAction.Rewrite("SELECT 1"));
    assertThat(cached.value())
        .isEqualTo(
            new QueryAction.Cached(
                new ResultSet(
                    List.of("n", "s"),
                    List.of(
                        List.of(1L, "x"), Arrays.asList(new java.math.BigDecimal("2.5"), null)))));
  }

  @Test
  void authenticate_stopsAtTheFirstNonDefer_andReadsTheIdentity() {
    FakeTarget a = FakeTarget.named("a").replies("authenticate", "{\"action\":\"defer\"}");
    FakeTarget b =
        FakeTarget.named("b")
            .replies(
                "authenticate",
                "{\"action\":\"success\",\"identity\":{\"user_id\":\"u1\",\"username\":\"alice\","
                    + "\"roles\":[\"reader\"],\"tenant_id\":\"t1\"}}");
    FakeTarget c =
        FakeTarget.named("c").replies("authenticate", "{\"action\":\"denied\",\"reason\":\"x\"}");
    AuthRequest login =
        new AuthRequest(
            Optional.of("alice"), Optional.of("s3cret"), "10.0.0.7", Optional.empty(), Map.of());

    HookOutcome<AuthResult> out = hooks(a, b, c).authenticate(login);

    assertThat(out.value()).isEqualTo(new AuthResult.Success(ALICE));
    assertThat(out.decidedBy()).contains("b");
    assertThat(c.calls).isEmpty();
    assertThat(a.lastInput())
        .isEqualTo(
            "{\"username\":\"alice\",\"password\":\"s3cret\",\"client_address\":\"10.0.0.7\","
                + "\"headers\":{}}");
    assertThat(login.toString()).doesNotContain("s3cret");
  }

  @Test
  void authenticate_allDefer_isDefer() {
    AuthRequest login =
        new AuthRequest(Optional.empty(), Optional.empty(), "::1", Optional.empty(), Map.of());

    assertThat(hooks(FakeTarget.named("a").replies("authenticate", "")).authenticate(login).value())
        .isEqualTo(AuthResult.DEFER);
  }

  @Test
  void authorize_denyFromALaterPluginOverridesAnEarlierAllow() {
    FakeTarget a = FakeTarget.named("a").replies("authorize", "{\"action\":\"allow\"}");
    FakeTarget b =
        FakeTarget.named("b").replies("authorize", "{\"action\":\"deny\",\"reason\":\"tenant\"}");

    HookOutcome<AuthorizeResult> out = hooks(a, b).authorize(ALICE, Q);

    assertThat(out.value()).isEqualTo(new AuthorizeResult.Deny("tenant"));
    assertThat(out.decidedBy()).contains("b");
    assertThat(a.lastInput()).contains("\"principal\":{\"user_id\":\"u1\",\"username\":\"alice\"");
  }

  @Test
  void authorize_allowWhenOneAllowsAndTheRestDefer_deferWhenAllDefer() {
    FakeTarget defer = FakeTarget.named("d").replies("authorize", "");
    FakeTarget allow = FakeTarget.named("a").replies("authorize", "{\"action\":\"allow\"}");

    HookOutcome<AuthorizeResult> allowed = hooks(defer, allow).authorize(ALICE, Q);

    assertThat(allowed.value()).isEqualTo(AuthorizeResult.ALLOW);
    assertThat(allowed.decidedBy()).contains("a");
    assertThat(hooks(defer).authorize(ALICE, Q).value()).isEqualTo(AuthorizeResult.DEFER);
  }

  @Test
  void route_stopsAtTheFirstNonDefault() {
    FakeTarget a = FakeTarget.named("a").replies("route", "{\"action\":\"default\"}");
    FakeTarget b =
        FakeTarget.named("b").replies("route", "{\"action\":\"node\",\"target\":\"replica-2\"}");
    FakeTarget c = FakeTarget.named("c").replies("route", "{\"action\":\"primary\"}");

    HookOutcome<RouteResult> out = hooks(a, b, c).route(Q);

    assertThat(out.value()).isEqualTo(new RouteResult.Node("replica-2"));
    assertThat(out.decidedBy()).contains("b");
    assertThat(c.calls).isEmpty();
    assertThat(hooks(c).route(Q).value()).isEqualTo(new RouteResult.Primary());
    assertThat(
            hooks(
                    FakeTarget.named("x")
                        .replies("route", "{\"action\":\"branch\",\"target\":\"dev\"}"))
                .route(Q)
                .value())
        .isEqualTo(new RouteResult.Branch("dev"));
  }

  @Test
  void rewrite_chainsEveryPlugin_eachSeeingThePreviousSql() {
    FakeTarget a =
        FakeTarget.named("a")
            .replies("rewrite", "{\"action\":\"rewrite\",\"query\":\"SELECT id FROM users\"}");
    FakeTarget b = FakeTarget.named("b").replies("rewrite", "");
    FakeTarget c =
        FakeTarget.named("c")
            .replies(
                "rewrite", "{\"action\":\"rewrite\",\"query\":\"SELECT id FROM users LIMIT 10\"}");

    HookOutcome<QueryAction> out = hooks(a, b, c).rewrite(Q);

    assertThat(out.value()).isEqualTo(new QueryAction.Rewrite("SELECT id FROM users LIMIT 10"));
    assertThat(out.decidedBy()).contains("c");
    assertThat(b.lastInput()).startsWith("{\"query\":\"SELECT id FROM users\",");
  }

  @Test
  void rewrite_aCachedReply_isMalformed() {
    HookOutcome<QueryAction> out =
        hooks(
                FakeTarget.named("a")
                    .replies("rewrite", "{\"action\":\"cached\",\"columns\":[],\"rows\":[]}"))
            .rewrite(Q);

    assertThat(out.failures().getFirst().message())
        .isEqualTo(
            "plugin 'a' hook 'rewrite' returned malformed output: unknown action 'cached'"
                + " (expected one of: continue, rewrite, block)");
  }

  @Test
  void postQuery_callsEveryPlugin_chainingRewrites_andTheFirstBlockWithholds() {
    ResultSet rows = new ResultSet(List.of("email"), List.of(List.of("alice@example.com")));
    FakeTarget redact =
        FakeTarget.named("redact")
            .replies("post_query", "{\"action\":\"rewrite\",\"rows\":[[\"a***\"]]}");
    FakeTarget audit = FakeTarget.named("audit").replies("post_query", "");
    QueryOutcome ok = QueryOutcome.success(Duration.ofMillis(3));

    HookOutcome<PostQueryResult> passed = hooks(redact, audit).postQuery(Q, ok, rows);

    assertThat(passed.value())
        .isEqualTo(
            new PostQueryResult.Pass(
                new ResultSet(List.of("email"), List.of(List.of("a***"))), true));
    assertThat(passed.decidedBy()).contains("redact");
    assertThat(audit.lastInput())
        .contains("\"outcome\":{\"success\":true,\"elapsed_us\":3000}")
        .contains("\"columns\":[\"email\"],\"rows\":[[\"a***\"]]");

    FakeTarget block =
        FakeTarget.named("dlp")
            .replies("post_query", "{\"action\":\"block\",\"reason\":\"secrets\"}");
    HookOutcome<PostQueryResult> withheld = hooks(block, audit).postQuery(Q, ok, rows);

    assertThat(withheld.value()).isEqualTo(new PostQueryResult.Withhold("secrets"));
    assertThat(withheld.decidedBy()).contains("dlp");
    assertThat(withheld.called()).containsExactly("dlp", "audit");
  }

  @Test
  void postQuery_rewriteWithTheWrongNumberOfCells_isMalformed() {
    ResultSet rows = new ResultSet(List.of("a", "b"), List.of(List.of("1", "2")));
    FakeTarget bad =
        FakeTarget.named("bad")
            .replies("post_query", "{\"action\":\"rewrite\",\"rows\":[[\"1\"]]}");

    HookOutcome<PostQueryResult> out =
        ProxyHooks.of(
                HookTargets.of(List.of(bad)),
                FailurePolicy.builder().mode("post_query", FailureMode.FAIL_OPEN).build())
            .postQuery(Q, QueryOutcome.success(Duration.ZERO), rows);

    assertThat(out.value()).isEqualTo(new PostQueryResult.Pass(rows, false));
    assertThat(out.failures().getFirst().message())
        .isEqualTo(
            "plugin 'bad' hook 'post_query' returned malformed output: rewrite reply: rows[0] has 1"
                + " cells, expected 2 (one per column)");
  }

  @Test
  void onConnect_stopsAtTheFirstReject_onDisconnectCallsEveryPlugin() {
    ConnectionInfo conn =
        new ConnectionInfo("c-1", "10.0.0.7", Optional.of("alice"), Optional.empty(), Map.of());
    FakeTarget a =
        FakeTarget.named("a")
            .replies("on_connect", "{\"action\":\"reject\",\"reason\":\"too many\"}");
    FakeTarget b =
        FakeTarget.named("b").replies("on_connect", "").replies("on_disconnect", "ignored");
    FakeTarget c = FakeTarget.named("c").traps("on_disconnect");

    HookOutcome<ConnectResult> out = hooks(a, b).onConnect(conn);
    List<HookFailure> gone = hooks(a, b, c).onDisconnect(conn);

    assertThat(out.value()).isEqualTo(new ConnectResult.Reject("too many"));
    assertThat(b.calls).containsExactly("on_disconnect");
    assertThat(b.lastInput())
        .isEqualTo(
            "{\"connection_id\":\"c-1\",\"client_address\":\"10.0.0.7\",\"username\":\"alice\","
                + "\"attributes\":{}}");
    assertThat(gone).extracting(HookFailure::plugin).containsExactly("c");
  }

  @Test
  void orderedTargets_putConfiguredNamesFirst_thenTheRestByName() {
    FakeTarget z = FakeTarget.named("z").replies("pre_query", "");
    FakeTarget m = FakeTarget.named("m").replies("pre_query", "");
    FakeTarget a = FakeTarget.named("a").replies("pre_query", "");
    FakeTarget b = FakeTarget.named("b").replies("pre_query", "");

    HookOutcome<QueryAction> out =
        ProxyHooks.of(HookTargets.ordered(List.of(a, b, m, z), List.of("z", "absent", "m")))
            .preQuery(Q);

    assertThat(out.called()).containsExactly("z", "m", "a", "b");
  }
}
