package dev.airlock.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.contract.ArtifactInfo;
import dev.airlock.contract.HookOutcome;
import dev.airlock.contract.HookTarget;
import dev.airlock.contract.QueryAction;
import dev.airlock.contract.QueryContext;
import dev.airlock.contract.RequestContext;
import dev.airlock.contract.UploadDecision;
import dev.airlock.testing.TestKeys;
import dev.airlock.trust.TrustRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract facades over a host's directory of real example plugins. */
class PluginHostContractsTest {
  @TempDir Path root;
  Path dir;
  KeyPair alice;
  PluginHost host;

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createDirectories(root.resolve("plugins"));
    alice = TestKeys.ed25519();
    TestKeys.writePemPub(root.resolve("trust"), "alice", alice);
  }

  @AfterEach
  void tearDown() {
    if (host != null) {
      host.close();
    }
  }

  void drop(String name, String example, String... hooks) throws Exception {
    byte[] wasm = HostFixtures.example(example);
    HostFixtures.drop(
        dir,
        name + ".tar.gz",
        HostFixtures.manifest(name, "1.0.0", wasm, List.of(hooks), Optional.empty()),
        wasm,
        alice.getPrivate());
  }

  void start(List<String> order) throws Exception {
    host =
        PluginHost.builder()
            .pluginsDirectory(dir)
            .trustRoot(TrustRoot.load(root.resolve("trust")))
            .hotReload(false)
            .order(order)
            .build();
    host.start();
  }

  static QueryContext query(String sql, String table) {
    return new QueryContext(
        sql,
        sql.toLowerCase(java.util.Locale.ROOT),
        List.of(table),
        true,
        RequestContext.of("req-1"));
  }

  @Test
  void preQuery_fansOutInHostOrder_firstBlockDecides() throws Exception {
    drop("a-governor", "cost-governor", "pre_query");
    drop("governor", "cost-governor", "pre_query");
    drop("redactor", "pii-redactor", "post_query");
    start(List.of("governor"));

    HookOutcome<QueryAction> blocked = host.proxyHooks().preQuery(query("SELECT * FROM t", "t"));

    assertThat(blocked.value()).isInstanceOf(QueryAction.Block.class);
    assertThat(blocked.decidedBy()).contains("governor");
    assertThat(blocked.called()).first().isEqualTo("governor");
    assertThat(host.hookTargets().withHook("pre_query"))
        .extracting(HookTarget::name)
        .containsExactly("governor", "a-governor");
    assertThat(host.plugin("governor").orElseThrow().stats().calls()).isEqualTo(1);
  }

  @Test
  void disabledPlugins_areNotCalled() throws Exception {
    drop("governor", "cost-governor", "pre_query");
    start(List.of());
    host.disable("governor");

    HookOutcome<QueryAction> r = host.proxyHooks().preQuery(query("SELECT * FROM t", "t"));

    assertThat(r.value()).isInstanceOf(QueryAction.Continue.class);
    assertThat(r.called()).isEmpty();
  }

  @Test
  void validateUpload_combinesVerdicts() throws Exception {
    drop("policy", "upload-policy", "validate_upload");
    start(List.of());

    HookOutcome<UploadDecision> ok =
        host.registryHooks()
            .validationHooks()
            .validateUpload(
                ArtifactInfo.of("libs", "tools/widget-1.2.0.jar", "maven", 5), new byte[5]);
    HookOutcome<UploadDecision> empty =
        host.registryHooks()
            .validationHooks()
            .validateUpload(
                ArtifactInfo.of("libs", "tools/widget-1.2.0.jar", "maven", 0), new byte[0]);

    assertThat(ok.value().allowed()).isTrue();
    assertThat(empty.value().allowed()).isFalse();
  }

  @Test
  void twoPluginsClaimingOneFormatKey_secondIsRefusedNamingBoth() throws Exception {
    drop("wasm-a", "wasm-format", "format_key", "parse_metadata", "validate", "generate_index");
    drop("wasm-b", "wasm-format", "format_key", "parse_metadata", "validate", "generate_index");
    start(List.of());

    assertThat(host.plugin("wasm-a").orElseThrow().status()).isEqualTo(PluginStatus.ENABLED);
    PluginInfo b = host.plugin("wasm-b").orElseThrow();
    assertThat(b.status()).isEqualTo(PluginStatus.FAILED);
    assertThat(b.failure().orElseThrow())
        .isEqualTo(
            "format key 'wasm' of plugin 'wasm-b'"
                + " (wasm-b.tar.gz) is already claimed by plugin 'wasm-a' (wasm-a.tar.gz); remove one"
                + " of them");
    assertThat(host.registryHooks().formatHandlers().handler("wasm")).contains("wasm-a");
  }
}
