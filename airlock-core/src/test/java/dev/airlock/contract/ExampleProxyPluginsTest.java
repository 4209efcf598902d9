package dev.airlock.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.runtime.Engine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The query example plugins (cost-governor, pii-redactor) behind {@link ProxyHooks}. */
class ExampleProxyPluginsTest {
  static Engine engine;
  static ProxyHooks hooks;

  @BeforeAll
  static void load() throws Exception {
    engine = Engine.builder().build();
    hooks =
        ProxyHooks.of(
            HookTargets.of(
                List.of(
                    HookTarget.of(
                        RealPlugins.example(
                            engine,
                            "cost-governor",
                            "cost-governor",
                            Map.of("star_blocked_tables", "secrets"),
                            "pre_query")),
                    HookTarget.of(
                        RealPlugins.example(
                            engine, "pii-redactor", "pii-redactor", Map.of(), "post_query")))));
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static QueryContext query(String sql, String table) {
    return new QueryContext(sql, sql.toLowerCase(), List.of(table), true, RequestContext.of("r"));
  }

  @Test
  void costGovernor_blocksAnUnboundedSelect_throughTheContract() {
    HookOutcome<QueryAction> out = hooks.preQuery(query("SELECT id FROM users", "users"));

    assertThat(out.value())
        .isEqualTo(new QueryAction.Block("SELECT without LIMIT: add a LIMIT clause"));
    assertThat(out.decidedBy()).contains("cost-governor");
    assertThat(out.failures()).isEmpty();
  }

  @Test
  void costGovernor_blocksStarOnAConfiguredTable_andLetsABoundedQueryThrough() {
    assertThat(hooks.preQuery(query("SELECT * FROM secrets LIMIT 5", "secrets")).value())
        .isEqualTo(
            new QueryAction.Block("SELECT * on table secrets is not allowed: name the columns"));
    HookOutcome<QueryAction> ok = hooks.preQuery(query("SELECT id FROM users LIMIT 5", "users"));
    assertThat(ok.value()).isEqualTo(QueryAction.CONTINUE);
    assertThat(ok.decidedBy()).isEmpty();
    assertThat(ok.called()).containsExactly("cost-governor");
  }

  @Test
  void piiRedactor_rewritesTheRows_theFacadeReturnsTheMaskedResult() {
    ResultSet rows =
        new ResultSet(
            List.of("email", "card", "n"),
            List.of(List.of("alice@example.com", "4111 1111 1111 1111", 42L)));

    HookOutcome<PostQueryResult> out =
        hooks.postQuery(
            query("SELECT email, card, n FROM users LIMIT 1", "users"),
            QueryOutcome.success(Duration.ofMillis(2)),
            rows);

    assertThat(out.value())
        .isEqualTo(
            new PostQueryResult.Pass(
                new ResultSet(
                    List.of("email", "card", "n"),
                    List.of(List.of("a***@example.com", "**** **** **** 1111", 42L))),
                true));
    assertThat(out.decidedBy()).contains("pii-redactor");
  }

  @Test
  void piiRedactor_nothingToMask_passesTheRowsUnchanged() {
    ResultSet rows = new ResultSet(List.of("city"), List.of(List.of("Lisbon")));

    HookOutcome<PostQueryResult> out =
        hooks.postQuery(
            query("SELECT city FROM t LIMIT 1", "t"), QueryOutcome.success(Duration.ZERO), rows);

    assertThat(out.value()).isEqualTo(new PostQueryResult.Pass(rows, false));
    assertThat(out.decidedBy()).isEmpty();
  }
}
