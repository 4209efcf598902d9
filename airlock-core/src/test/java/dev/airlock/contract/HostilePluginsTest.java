package dev.airlock.contract;

import static dev.airlock.contract.FailureMode.FAIL_CLOSED;
import static dev.airlock.contract.FailureMode.FAIL_OPEN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.contract.HookFailure.Reason;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Limits;
import dev.airlock.runtime.Plugin;
import dev.airlock.testing.HostileModule;
import dev.airlock.testing.HostileTrap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real wasm that misbehaves, loaded through {@link Engine}: modules of the hostile corpus that
 * trap, spin or flood, and small modules whose replies break the contract.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostilePluginsTest {
  static Engine engine;
  static HookTarget trapping;
  static HookTarget spinning;
  static HookTarget flooding;
  static HookTarget costGovernor;

  @BeforeAll
  static void load() throws Exception {
    Limits limits = Limits.builder().timeout(Duration.ofMillis(200)).build();
    engine = Engine.builder().defaultLimits(limits).maximumLimits(limits).build();
    Plugin traps =
        RealPlugins.load(engine, "traps", HostileModule.TRAPS.wasm(), HostileModule.TRAPS.hooks());
    trapping = RealPlugins.renamed(traps, "pre_query", HostileTrap.UNREACHABLE.hook());
    Plugin loop =
        RealPlugins.load(
            engine,
            "infinite-loop",
            HostileModule.INFINITE_LOOP.wasm(),
            HostileModule.INFINITE_LOOP.hooks());
    spinning = RealPlugins.renamed(loop, "validate_upload", "run");
    // The corpus's huge-output module hits the memory cap first; this one claims 5 MiB honestly.
    flooding =
        HookTarget.of(
            RealPlugins.load(
                engine, "flood", RealPlugins.claimedOutput("route", 5 << 20), List.of("route")));
    costGovernor =
        HookTarget.of(
            RealPlugins.example(engine, "cost-governor", "cost-governor", Map.of(), "pre_query"));
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static QueryContext unbounded() {
    String sql = "SELECT id FROM users";
    return new QueryContext(sql, sql, List.of("users"), true, RequestContext.of("r"));
  }

  @ParameterizedTest
  @EnumSource(FailureMode.class)
  void trappingPlugin_blocksWhenClosed_isSkippedWhenOpen(FailureMode mode) {
    ProxyHooks hooks =
        ProxyHooks.of(
            HookTargets.of(List.of(trapping, costGovernor)),
            FailurePolicy.builder().mode("pre_query", mode).build());

    HookOutcome<QueryAction> out = hooks.preQuery(unbounded());

    assertThat(out.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.plugin()).isEqualTo("traps");
              assertThat(f.reason()).isEqualTo(Reason.TRAP);
              assertThat(f.mode()).isEqualTo(mode);
              assertThat(f.message()).startsWith("plugin 'traps' hook 'unreachable' trapped: ");
            });
    if (mode == FAIL_CLOSED) {
      assertThat(out.value())
          .isEqualTo(new QueryAction.Block("plugin 'traps' failed; hook 'pre_query' fails closed"));
      assertThat(out.called()).containsExactly("traps");
    } else {
      assertThat(out.value())
          .isEqualTo(new QueryAction.Block("SELECT without LIMIT: add a LIMIT clause"));
      assertThat(out.decidedBy()).contains("cost-governor");
    }
  }

  @Test
  void spinningValidationPlugin_isStoppedAndRejectsTheUpload_underTheDefault() {
    HookOutcome<UploadDecision> out =
        RegistryHooks.of(HookTargets.of(List.of(spinning)))
            .validationHooks()
            .validateUpload(ArtifactInfo.of("r", "a-1.tgz", "npm", 1), new byte[1]);

    assertThat(out.value().allowed()).isFalse();
    assertThat(out.failures().getFirst().reason()).isEqualTo(Reason.TIMEOUT);
    assertThat(out.value().rejections())
        .containsExactly(
            new Remark(
                "infinite-loop",
                "plugin 'infinite-loop' failed; hook 'validate_upload' fails closed"));
  }

  @Test
  void floodingRoutePlugin_hitsTheOutputCap_andRoutingFallsBackToDefault() {
    HookOutcome<RouteResult> out =
        ProxyHooks.of(HookTargets.of(List.of(flooding))).route(unbounded());

    assertThat(out.value()).isEqualTo(RouteResult.DEFAULT);
    assertThat(out.failures().getFirst().message()).startsWith("plugin 'flood' hook 'route' ");
    assertThat(out.failures().getFirst().reason()).isEqualTo(Reason.LIMIT);
  }

  @Test
  void wasmReplyingBrokenJson_andAWrongAction_areMalformedFailures() throws Exception {
    HookTarget badJson =
        HookTarget.of(
            RealPlugins.load(
                engine,
                "bad-json",
                RealPlugins.constantReply("pre_query", "{\"action\":"),
                List.of("pre_query")));
    HookTarget wrongAction =
        HookTarget.of(
            RealPlugins.load(
                engine,
                "wrong-action",
                RealPlugins.constantReply("authenticate", "{\"action\":\"allow\"}"),
                List.of("authenticate")));
    ProxyHooks hooks = ProxyHooks.of(HookTargets.of(List.of(badJson, wrongAction)));

    HookOutcome<QueryAction> pre = hooks.preQuery(unbounded());
    HookOutcome<AuthResult> auth =
        hooks.authenticate(
            new AuthRequest(
                java.util.Optional.of("mallory"),
                java.util.Optional.empty(),
                "::1",
                java.util.Optional.empty(),
                Map.of()));

    assertThat(pre.value()).isInstanceOf(QueryAction.Block.class);
    assertThat(pre.failures().getFirst().message())
        .startsWith(
            "plugin 'bad-json' hook 'pre_query' returned malformed output: output '{\"action\":'"
                + " is not valid JSON: ");
    assertThat(auth.value())
        .isEqualTo(
            new AuthResult.Denied(
                "plugin 'wrong-action' failed; hook 'authenticate' fails closed"));
    assertThat(auth.failures().getFirst().message())
        .isEqualTo(
            "plugin 'wrong-action' hook 'authenticate' returned malformed output: unknown action"
                + " 'allow' (expected one of: success, denied, defer)");
  }

  @Test
  void wasmReplyingALyingEnvelope_failsTheProcessHook() throws Exception {
    byte[] lying = {0x00, 'A', 'L', 0x01, (byte) 0xff, (byte) 0xff, 0, 0, '{', '}'};
    HookTarget liar =
        HookTarget.of(
            RealPlugins.load(
                engine, "liar", RealPlugins.constantReply("process", lying), List.of("process")));
    PostProcessors processors = RegistryHooks.of(HookTargets.of(List.of(liar))).postProcessors();

    assertThatThrownBy(() -> processors.process("id", "data".getBytes(UTF_8)))
        .isInstanceOf(HookFailedException.class)
        .hasMessage(
            "plugin 'liar' hook 'process' returned malformed output: envelope header length 65535"
                + " is over 2 (the cap, or what is left of the 10-byte output)");
  }

  @Test
  void failOpenSkipsEveryBrokenPlugin_inOrder_andReportsEach() {
    ProxyHooks hooks =
        ProxyHooks.of(
            HookTargets.of(List.of(trapping, costGovernor)),
            FailurePolicy.builder().fallback(FAIL_OPEN).mode("pre_query", FAIL_OPEN).build());
    String sql = "SELECT id FROM users LIMIT 1";

    HookOutcome<QueryAction> out =
        hooks.preQuery(new QueryContext(sql, sql, List.of("users"), true, RequestContext.of("r")));

    assertThat(out.value()).isEqualTo(QueryAction.CONTINUE);
    assertThat(out.called()).containsExactly("traps", "cost-governor");
    assertThat(out.failures()).extracting(HookFailure::plugin).containsExactly("traps");
  }
}
