package dev.airlock.contract;

import static dev.airlock.contract.FailureMode.FAIL_CLOSED;
import static dev.airlock.contract.FailureMode.FAIL_OPEN;
import static dev.airlock.contract.ProxyHooksTest.ALICE;
import static dev.airlock.contract.ProxyHooksTest.Q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.contract.HookFailure.Reason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** What a plugin failure does to each proxy hook, under each failure mode. */
class ProxyFailuresTest {
  static ProxyHooks hooks(FailureMode mode, String hook, HookTarget... targets) {
    return ProxyHooks.of(
        HookTargets.of(List.of(targets)), FailurePolicy.builder().mode(hook, mode).build());
  }

  @Test
  void preQuery_trapUnderFailClosed_blocks_withAShortReasonAndTheFullFailure() {
    FakeTarget bad = FakeTarget.named("bad").traps("pre_query");
    FakeTarget next = FakeTarget.named("next").replies("pre_query", "");

    HookOutcome<QueryAction> out = hooks(FAIL_CLOSED, "pre_query", bad, next).preQuery(Q);

    assertThat(out.value())
        .isEqualTo(new QueryAction.Block("plugin 'bad' failed; hook 'pre_query' fails closed"));
    assertThat(out.decidedBy()).contains("bad");
    assertThat(out.failedClosed()).isTrue();
    assertThat(out.failures())
        .containsExactly(
            new HookFailure(
                "bad",
                "pre_query",
                Reason.TRAP,
                "plugin 'bad' hook 'pre_query' trapped: unreachable",
                FAIL_CLOSED));
    assertThat(next.calls).isEmpty();
  }

  @Test
  void preQuery_trapUnderFailOpen_isSkipped_andTheNextPluginDecides() {
    FakeTarget bad = FakeTarget.named("bad").timesOut("pre_query");
    FakeTarget next =
        FakeTarget.named("next")
            .replies("pre_query", "{\"action\":\"block\",\"reason\":\"limit\"}");

    HookOutcome<QueryAction> out = hooks(FAIL_OPEN, "pre_query", bad, next).preQuery(Q);

    assertThat(out.value()).isEqualTo(new QueryAction.Block("limit"));
    assertThat(out.decidedBy()).contains("next");
    assertThat(out.failedClosed()).isFalse();
    assertThat(out.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.reason()).isEqualTo(Reason.TIMEOUT);
              assertThat(f.mode()).isEqualTo(FAIL_OPEN);
              assertThat(f.message())
                  .isEqualTo(
                      "plugin 'bad' hook 'pre_query' exceeded its time limit of 100 ms and was stopped after"
                          + " 101.0 ms");
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|output 'not json' is not valid JSON: Unrecognized token 'not': was expecting"
            + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
        "[1]|output '[1]' should be a JSON object, got an array",
        "{\"action\":\"explode\"}|unknown action 'explode' (expected one of: continue, rewrite,"
            + " block, cached)",
        "{\"action\":\"block\"}|block reply is missing 'reason'",
        "{\"action\":\"block\",\"reason\":7}|block reply field 'reason' should be a string, got a"
            + " number",
        "{\"action\":\"block\",\"reasn\":\"x\"}|block reply has unknown field(s) ['reasn']"
            + " (expected: [action, reason])",
        "{\"action\":\"block\",\"reason\":\"a\",\"reason\":\"b\"}|output"
            + " '{\"action\":\"block\",\"reason\":\"a\",\"reason\":\"b\"}' is not valid JSON:"
            + " Duplicate field 'reason'",
        "{\"action\":\"continue\"} {}|output '{\"action\":\"continue\"} {}' is not valid JSON:"
            + " Trailing token (of type START_OBJECT) found after value (bound as"
            + " `com.fasterxml.jackson.databind.JsonNode`): not allowed as per"
            + " `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`",
        "{}|reply is missing 'action'",
      })
  void preQuery_malformedReply_isAFailureNamingThePluginAndTheProblem(
      String reply, String problem) {
    FakeTarget bad = FakeTarget.named("bad").replies("pre_query", reply);

    HookOutcome<QueryAction> open = hooks(FAIL_OPEN, "pre_query", bad).preQuery(Q);
    HookOutcome<QueryAction> closed = hooks(FAIL_CLOSED, "pre_query", bad).preQuery(Q);

    assertThat(open.value()).isEqualTo(QueryAction.CONTINUE);
    assertThat(closed.value()).isInstanceOf(QueryAction.Block.class);
    assertThat(open.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.reason()).isEqualTo(Reason.MALFORMED_OUTPUT);
              assertThat(f.message())
                  .isEqualTo("plugin 'bad' hook 'pre_query' returned malformed output: " + problem);
            });
  }

  @Test
  void reply_notUtf8_orAnEnvelope_isMalformed() {
    FakeTarget latin1 =
        FakeTarget.named("l").replies("pre_query", new byte[] {'{', '"', (byte) 0xe9, '"', '}'});
    FakeTarget envelope =
        FakeTarget.named("e")
            .replies("pre_query", Envelope.encode(PluginJson.object(), new byte[] {1}));

    assertThat(hooks(FAIL_OPEN, "pre_query", latin1).preQuery(Q).failures().getFirst().message())
        .isEqualTo(
            "plugin 'l' hook 'pre_query' returned malformed output: output of 5 bytes is not valid"
                + " UTF-8 JSON");
    assertThat(hooks(FAIL_OPEN, "pre_query", envelope).preQuery(Q).failures().getFirst().message())
        .startsWith("plugin 'e' hook 'pre_query' returned malformed output: output '\\u0000AL");
  }

  @ParameterizedTest
  @EnumSource(FailureMode.class)
  void everyDecidingHook_appliesItsSafeAnswerWhenClosed_andItsNeutralOneWhenOpen(FailureMode mode) {
    boolean closed = mode == FAIL_CLOSED;
    String why = "plugin 'bad' failed; hook '%s' fails closed";
    AuthRequest login =
        new AuthRequest(Optional.empty(), Optional.empty(), "::1", Optional.empty(), Map.of());
    ConnectionInfo conn =
        new ConnectionInfo("c", "::1", Optional.empty(), Optional.empty(), Map.of());

    assertThat(hooks(mode, "authenticate", bad("authenticate")).authenticate(login).value())
        .isEqualTo(
            closed ? new AuthResult.Denied(why.formatted("authenticate")) : AuthResult.DEFER);
    assertThat(hooks(mode, "authorize", bad("authorize")).authorize(ALICE, Q).value())
        .isEqualTo(
            closed ? new AuthorizeResult.Deny(why.formatted("authorize")) : AuthorizeResult.DEFER);
    assertThat(hooks(mode, "route", bad("route")).route(Q).value())
        .isEqualTo(closed ? new RouteResult.Block(why.formatted("route")) : RouteResult.DEFAULT);
    assertThat(hooks(mode, "rewrite", bad("rewrite")).rewrite(Q).value())
        .isEqualTo(closed ? new QueryAction.Block(why.formatted("rewrite")) : QueryAction.CONTINUE);
    assertThat(hooks(mode, "on_connect", bad("on_connect")).onConnect(conn).value())
        .isEqualTo(
            closed ? new ConnectResult.Reject(why.formatted("on_connect")) : ConnectResult.ACCEPT);
    ResultSet rows = ResultSet.empty(List.of("a"));
    assertThat(
            hooks(mode, "post_query", bad("post_query"))
                .postQuery(Q, QueryOutcome.success(java.time.Duration.ZERO), rows)
                .value())
        .isEqualTo(
            closed
                ? new PostQueryResult.Withhold(why.formatted("post_query"))
                : new PostQueryResult.Pass(rows, false));
  }

  @Test
  void postQuery_aFailedClosedRedactor_withholds_butLaterObserversStillRun() {
    FakeTarget redactor = FakeTarget.named("redactor").traps("post_query");
    FakeTarget audit = FakeTarget.named("audit").replies("post_query", "");
    FailurePolicy policy =
        FailurePolicy.builder()
            .mode("post_query", FAIL_OPEN)
            .mode("redactor", "post_query", FAIL_CLOSED)
            .build();

    HookOutcome<PostQueryResult> out =
        ProxyHooks.of(HookTargets.of(List.of(redactor, audit)), policy)
            .postQuery(
                Q, QueryOutcome.success(java.time.Duration.ZERO), ResultSet.empty(List.of("a")));

    assertThat(out.value()).isInstanceOf(PostQueryResult.Withhold.class);
    assertThat(out.decidedBy()).contains("redactor");
    assertThat(audit.calls).containsExactly("post_query");
  }

  @Test
  void aTargetThrowingARuntimeException_isAnUnavailablePlugin() {
    FakeTarget gone =
        FakeTarget.named("gone")
            .does(
                "pre_query",
                in -> {
                  throw new IllegalStateException("plugin 'gone' is closed");
                });

    HookOutcome<QueryAction> out = hooks(FAIL_OPEN, "pre_query", gone).preQuery(Q);

    assertThat(out.failures().getFirst().reason()).isEqualTo(Reason.UNAVAILABLE);
    assertThat(out.failures().getFirst().message())
        .isEqualTo(
            "plugin 'gone' hook 'pre_query' could not be called: java.lang.IllegalStateException:"
                + " plugin 'gone' is closed");
  }

  @Test
  void aTargetListedForAHookItDoesNotServe_isUnavailable_notCalled() {
    FakeTarget other = FakeTarget.named("other").replies("route", "");
    HookTargets lying = hook -> List.of(other);

    HookOutcome<QueryAction> out =
        ProxyHooks.of(lying, FailurePolicy.builder().mode("pre_query", FAIL_OPEN).build())
            .preQuery(Q);

    assertThat(other.calls).isEmpty();
    assertThat(out.failures().getFirst().message())
        .isEqualTo("plugin 'other' hook 'pre_query' is not served by this plugin (hooks: [route])");
  }

  @Test
  void anInterruptedCaller_failsClosedEvenUnderFailOpen_andStops() {
    FakeTarget interrupted =
        FakeTarget.named("i")
            .does(
                "pre_query",
                in -> {
                  Thread.currentThread().interrupt();
                  throw new dev.airlock.runtime.PluginException(
                      "i",
                      "pre_query",
                      "plugin 'i' hook 'pre_query' was interrupted by its caller",
                      null);
                });
    FakeTarget next = FakeTarget.named("next").replies("pre_query", "");
    try {
      HookOutcome<QueryAction> out = hooks(FAIL_OPEN, "pre_query", interrupted, next).preQuery(Q);

      assertThat(out.value()).isInstanceOf(QueryAction.Block.class);
      assertThat(out.failures().getFirst().reason()).isEqualTo(Reason.UNAVAILABLE);
      assertThat(next.calls).isEmpty();
    } finally {
      assertThat(Thread.interrupted()).isTrue(); // clears the flag for the next test
    }
  }

  private static FakeTarget bad(String hook) {
    return FakeTarget.named("bad").traps(hook);
  }
}
