package dev.airlock.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.artefact.Abi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The example plugins, built from C in this build, run in the sandbox. */
class ExamplePluginsTest {
  static final Engine ENGINE = Engine.builder().build();

  @AfterAll
  static void close() {
    ENGINE.close();
  }

  static String call(Plugin p, String hook, String input) throws PluginException {
    return new String(p.call(hook, input.getBytes(UTF_8)).output(), UTF_8);
  }

  @Test
  void echo_returnsInput() throws Exception {
    Plugin p = ENGINE.load(TestPlugins.example("echo", "echo"));
    assertThat(p.abi()).isEqualTo(Abi.RAW);
    assertThat(call(p, "echo", "hello, airlock")).isEqualTo("hello, airlock");
    assertThat(call(p, "echo", "")).isEmpty();
  }

  @Test
  void uppercase_uppercasesAscii() throws Exception {
    Plugin p = ENGINE.load(TestPlugins.example("uppercase", "uppercase"));
    assertThat(call(p, "uppercase", "select * from users; é")).isEqualTo("SELECT * FROM USERS; é");
  }

  @Test
  void costGovernor_blocksUnboundedAndStarOnConfiguredTables() throws Exception {
    Plugin p =
        ENGINE.load(
            TestPlugins.example("cost-governor", "pre_query"),
            PluginOptions.builder().config(Map.of("star_blocked_tables", "secrets,audit")).build());

    assertThat(call(p, "pre_query", query("SELECT id FROM users LIMIT 10", "users"))).isEmpty();
    assertThat(call(p, "pre_query", query("SELECT * FROM users", "users"))).contains("\"block\"");
    assertThat(call(p, "pre_query", query("SELECT * FROM secrets LIMIT 5", "secrets")))
        .contains("\"block\"")
        .contains("secrets");
  }

  @Test
  void piiRedactor_masksEmailsAndCards() throws Exception {
    Plugin p = ENGINE.load(TestPlugins.example("pii-redactor", "post_query"));
    String rows =
        "{\"query\":\"q\",\"columns\":[\"email\",\"card\"],"
            + "\"rows\":[[\"alice@example.com\",\"4111 1111 1111 1111\"]]}";

    String out = call(p, "post_query", rows);

    assertThat(out)
        .contains("\"rewrite\"")
        .doesNotContain("alice@example.com")
        .doesNotContain("4111 1111 1111 1111")
        .contains("1111");
    assertThat(call(p, "post_query", "{\"rows\":[[\"nothing here\",42]]}")).isEmpty();
  }

  @Test
  void greeter_extismAbi_usesConfigVarsAndLogs() throws Exception {
    Plugin p =
        ENGINE.load(
            TestPlugins.example("greeter", "greet", "fail"),
            PluginOptions.builder().config(Map.of("greeting", "Howdy")).build());
    assertThat(p.abi()).isEqualTo(Abi.EXTISM);

    CallResult first = p.call("greet", "Ada".getBytes(UTF_8));
    CallResult second = p.call("greet", "Bob".getBytes(UTF_8));

    assertThat(new String(first.output(), UTF_8)).isEqualTo("Howdy, Ada! (call 1)");
    assertThat(new String(second.output(), UTF_8)).isEqualTo("Howdy, Bob! (call 2)");
    assertThat(second.logs()).contains(new LogLine(LogLine.Level.INFO, "greet call 2"));
  }

  @Test
  void greeter_errorSet_becomesPluginError() throws Exception {
    Plugin p = ENGINE.load(TestPlugins.example("greeter", "greet", "fail"));

    assertThatThrownBy(() -> p.call("fail", new byte[0]))
        .isInstanceOf(PluginErrorException.class)
        .hasMessage("deliberate failure");
  }

  @Test
  void configure_changesConfigForLaterCalls() throws Exception {
    Plugin p =
        ENGINE.load(
            TestPlugins.example("greeter", "greet"),
            PluginOptions.builder().config(Map.of("greeting", "Hi")).build());
    assertThat(call(p, "greet", "A")).startsWith("Hi, A!");

    p.configure(Map.of("greeting", "Bye"));

    assertThat(call(p, "greet", "A")).startsWith("Bye, A!");
  }

  @Test
  void unknownHook_isMisuse() throws Exception {
    Plugin p = ENGINE.load(TestPlugins.example("echo", "echo"));
    assertThatThrownBy(() -> p.call("nope", new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plugin 'echo' has no hook 'nope' (hooks: [echo])");
  }

  @Test
  void fresh_makesAnInstancePerCall_pooled_reuses() throws Exception {
    Plugin fresh = ENGINE.load(TestPlugins.example("echo", "echo"));
    Plugin pooled =
        ENGINE.load(
            TestPlugins.example("echo", "echo"),
            PluginOptions.builder().isolation(Isolation.POOLED).build());
    for (int i = 0; i < 20; i++) {
      call(fresh, "echo", "x" + i);
      call(pooled, "echo", "x" + i);
    }
    assertThat(fresh.instancesCreated()).isEqualTo(20);
    assertThat(pooled.instancesCreated()).isEqualTo(1);
  }

  @Test
  void manyThreads_onePlugin_allCallsCorrect() throws Exception {
    for (Isolation isolation : Isolation.values()) {
      Plugin p =
          ENGINE.load(
              TestPlugins.example("uppercase", "uppercase"),
              PluginOptions.builder().isolation(isolation).build());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int thread = t;
          results.add(
              pool.submit(
                  () -> {
                    for (int i = 0; i < 200; i++) {
                      String in = "thread " + thread + " call " + i;
                      if (!call(p, "uppercase", in).equals(in.toUpperCase(java.util.Locale.ROOT))) {
                        return false;
                      }
                    }
                    return true;
                  }));
        }
        for (Future<Boolean> f : results) {
          assertThat(f.get()).as(isolation.toString()).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static String query(String sql, String table) {
    return "{\"query\":\""
        + sql
        + "\",\"normalized_query\":\""
        + sql.toLowerCase(java.util.Locale.ROOT)
        + "\",\"tables\":[\""
        + table
        + "\"],\"read_only\":true}";
  }
}
