package dev.airlock.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.artefact.ConfigSchema;
import dev.airlock.runtime.PluginTimeoutException;
import dev.airlock.testing.HostileModules;
import dev.airlock.testing.TestKeys;
import dev.airlock.trust.TrustRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PluginHostTest {
  @TempDir Path root;
  Path dir;
  KeyPair alice;
  TrustRoot trust;
  PluginHost host;
  final List<HostEvent> events = new CopyOnWriteArrayList<>();
  static final byte[] ECHO = HostFixtures.example("echo");
  static final byte[] UPPER = HostFixtures.example("uppercase");

  @BeforeEach
  void setUp() throws Exception {
    dir = Files.createDirectories(root.resolve("plugins"));
    alice = TestKeys.ed25519();
    TestKeys.writePemPub(root.resolve("trust"), "alice", alice);
    trust = TrustRoot.load(root.resolve("trust"));
  }

  @AfterEach
  void tearDown() {
    if (host != null) {
      host.close();
    }
  }

  PluginHost start(PluginHostBuilder b) throws Exception {
    host = b.pluginsDirectory(dir).trustRoot(trust).debounce(Duration.ofMillis(50)).build();
    host.addListener(events::add);
    host.start();
    return host;
  }

  Path drop(String file, String name, String version, byte[] wasm, String hook) throws Exception {
    return HostFixtures.drop(
        dir,
        file,
        HostFixtures.manifest(name, version, wasm, List.of(hook), Optional.empty()),
        wasm,
        alice.getPrivate());
  }

  String call(String plugin, String hook, String in) throws Exception {
    return new String(host.call(plugin, hook, in.getBytes(UTF_8)).output(), UTF_8);
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("condition not met within 20 s");
      }
      Thread.sleep(20);
    }
  }

  boolean saw(HostEvent.Type type, String plugin) {
    return events.stream().anyMatch(e -> e.type() == type && e.plugin().equals(plugin));
  }

  @Test
  void start_loadsSignedPlugins_enabled_withSigner() throws Exception {
    drop("echo-1.0.0.tar.gz", "echo", "1.0.0", ECHO, "echo");
    start(PluginHost.builder());

    PluginInfo info = host.plugin("echo").orElseThrow();
    assertThat(info.status()).isEqualTo(PluginStatus.ENABLED);
    assertThat(info.version()).contains("1.0.0");
    assertThat(info.signer()).contains("alice");
    assertThat(call("echo", "echo", "hi")).isEqualTo("hi");
    assertThat(host.plugin("echo").orElseThrow().stats().calls()).isEqualTo(1);
  }

  @Test
  void unsignedOrForeignSigned_failWithTheReason() throws Exception {
    HostFixtures.drop(
        dir,
        "unsigned.tar.gz",
        HostFixtures.manifest("unsigned", "1.0.0", ECHO, List.of("echo"), Optional.empty()),
        ECHO,
        null);
    HostFixtures.drop(
        dir,
        "mallory.tar.gz",
        HostFixtures.manifest("mallory", "1.0.0", ECHO, List.of("echo"), Optional.empty()),
        ECHO,
        TestKeys.ed25519().getPrivate());
    start(PluginHost.builder());

    assertThat(host.plugin("unsigned.tar.gz").orElseThrow().failure())
        .contains("unsigned.tar.gz: artefact has no signature but trust root is active");
    assertThat(host.plugin("mallory.tar.gz").orElseThrow().failure())
        .contains("mallory.tar.gz: signature did not match any trusted key (tried alice)");
  }

  @Test
  void hotReload_add_replace_breakAndRemove() throws Exception {
    start(PluginHost.builder());

    drop("p.tar.gz", "p", "1.0.0", ECHO, "echo");
    await(() -> host.plugin("p").isPresent());
    assertThat(call("p", "echo", "abc")).isEqualTo("abc");

    drop("p.tar.gz", "p", "1.1.0", UPPER, "uppercase");
    await(() -> host.plugin("p").flatMap(PluginInfo::version).equals(Optional.of("1.1.0")));
    assertThat(call("p", "uppercase", "abc")).isEqualTo("ABC");
    await(() -> saw(HostEvent.Type.RELOADED, "p")); // the event follows the swap

    Files.write(dir.resolve(".p.tmp"), new byte[] {1, 2, 3});
    Files.move(
        dir.resolve(".p.tmp"),
        dir.resolve("p.tar.gz"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    await(() -> saw(HostEvent.Type.FAILED, "p"));
    assertThat(call("p", "uppercase", "still")).isEqualTo("STILL");
    assertThat(host.plugin("p").orElseThrow().failure().orElseThrow())
        .contains("artefact is not gzip-compressed");

    Files.delete(dir.resolve("p.tar.gz"));
    await(() -> saw(HostEvent.Type.REMOVED, "p"));
    assertThat(host.plugin("p")).isEmpty();
  }

  @Test
  void newVersionSignedByAnUntrustedKey_leavesTheOldOneServing() throws Exception {
    drop("s.tar.gz", "s", "1.0.0", ECHO, "echo");
    start(PluginHost.builder());
    HostFixtures.drop(
        dir,
        "s.tar.gz",
        HostFixtures.manifest("s", "2.0.0", UPPER, List.of("uppercase"), Optional.empty()),
        UPPER,
        TestKeys.ed25519().getPrivate());
    await(() -> saw(HostEvent.Type.FAILED, "s"));

    assertThat(host.plugin("s").orElseThrow().failure().orElseThrow())
        .isEqualTo("s.tar.gz: signature did not match any trusted key (tried alice)");
    assertThat(call("s", "echo", "old")).isEqualTo("old");
  }

  @Test
  void temporaryAndPartialFiles_areIgnored() throws Exception {
    start(PluginHost.builder());
    Files.write(dir.resolve("x.tar.gz.part"), new byte[10]);
    Files.write(dir.resolve("y.tmp"), new byte[10]);
    Files.write(dir.resolve(".hidden.tar.gz"), new byte[10]);
    drop("marker.tar.gz", "marker", "1.0.0", ECHO, "echo");
    await(() -> host.plugin("marker").isPresent());

    assertThat(host.plugins()).extracting(PluginInfo::name).containsExactly("marker");
    assertThat(events).noneMatch(e -> e.type() == HostEvent.Type.FAILED);
  }

  @Test
  void twoFilesOneName_conflictNamesBoth_firstKeepsServing_secondLoadsWhenFirstGoes()
      throws Exception {
    drop("a.tar.gz", "same", "1.0.0", ECHO, "echo");
    start(PluginHost.builder());
    drop("b.tar.gz", "same", "2.0.0", UPPER, "uppercase");
    await(() -> saw(HostEvent.Type.CONFLICT, "same"));

    assertThat(
            events.stream()
                .filter(e -> e.type() == HostEvent.Type.CONFLICT)
                .findFirst()
                .orElseThrow()
                .message())
        .contains("b.tar.gz", "a.tar.gz");
    assertThat(call("same", "echo", "x")).isEqualTo("x");

    Files.delete(dir.resolve("a.tar.gz"));
    await(() -> host.plugin("same").flatMap(PluginInfo::version).equals(Optional.of("2.0.0")));
    assertThat(call("same", "uppercase", "x")).isEqualTo("X");
  }

  @Test
  void rollback_refused_evenAfterRestart() throws Exception {
    drop("r.tar.gz", "r", "2.0.0", ECHO, "echo");
    start(PluginHost.builder());
    drop("r.tar.gz", "r", "1.0.0", ECHO, "echo");
    await(() -> saw(HostEvent.Type.FAILED, "r"));
    assertThat(host.plugin("r").orElseThrow().version()).contains("2.0.0");
    host.close();

    events.clear();
    start(PluginHost.builder());
    assertThat(host.plugin("r").orElseThrow().status()).isEqualTo(PluginStatus.FAILED);
    assertThat(host.plugin("r").orElseThrow().failure().orElseThrow())
        .startsWith("rollback refused: r.tar.gz holds r 1.0.0, older than 2.0.0 loaded before");
  }

  @Test
  void disable_enable_configure_surviveRestart() throws Exception {
    ConfigSchema schema =
        new ConfigSchema(
            List.of(
                new ConfigSchema.Property(
                    "star_blocked_tables",
                    ConfigSchema.Type.STRING,
                    List.of(),
                    java.util.OptionalDouble.empty(),
                    java.util.OptionalDouble.empty(),
                    -1,
                    64,
                    Optional.of("[a-z_,]*"),
                    "")),
            List.of());
    byte[] gov = HostFixtures.example("cost-governor");
    HostFixtures.drop(
        dir,
        "gov.tar.gz",
        HostFixtures.manifest("gov", "1.0.0", gov, List.of("pre_query"), Optional.of(schema)),
        gov,
        alice.getPrivate());
    start(PluginHost.builder());

    assertThatThrownBy(() -> host.configure("gov", Map.of("star_blocked_tables", "A;B")))
        .isInstanceOfSatisfying(
            HostException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "field 'star_blocked_tables' must match the pattern [a-z_,]*, got 'A;B'"));
    host.configure("gov", Map.of("star_blocked_tables", "secrets"));
    String star = "{\"query\":\"SELECT * FROM secrets LIMIT 1\",\"tables\":[\"secrets\"]}";
    assertThat(call("gov", "pre_query", star)).contains("\"block\"");
    host.disable("gov");
    assertThatThrownBy(() -> call("gov", "pre_query", star))
        .isInstanceOf(HostException.class)
        .hasMessage("plugin 'gov' is disabled");
    host.close();

    start(PluginHost.builder());
    assertThat(host.plugin("gov").orElseThrow().status()).isEqualTo(PluginStatus.DISABLED);
    assertThat(host.plugin("gov").orElseThrow().config())
        .containsEntry("star_blocked_tables", "secrets");
    host.enable("gov");
    assertThat(call("gov", "pre_query", star)).contains("\"block\"");
  }

  @Test
  void newPluginsStartLoadedWhenTheHostSaysSo() throws Exception {
    drop("e.tar.gz", "e", "1.0.0", ECHO, "echo");
    start(PluginHost.builder().enableNewPlugins(false));
    assertThat(host.plugin("e").orElseThrow().status()).isEqualTo(PluginStatus.LOADED);
    host.enable("e");
    assertThat(call("e", "echo", "on")).isEqualTo("on");
  }

  @Test
  void newVersionThatHangsInInitialize_leavesTheOldOneServing() throws Exception {
    drop("h.tar.gz", "h", "1.0.0", ECHO, "echo");
    start(
        PluginHost.builder()
            .defaultLimits(
                dev.airlock.runtime.Limits.builder().timeout(Duration.ofMillis(200)).build()));
    drop("h.tar.gz", "h", "1.1.0", HostileModules.loopInInitialize(), "run");
    await(() -> saw(HostEvent.Type.FAILED, "h"));

    assertThat(host.plugin("h").orElseThrow().failure().orElseThrow())
        .contains("exceeded its time limit of 200 ms");
    assertThat(call("h", "echo", "old")).isEqualTo("old");
  }

  @Test
  void removedDuringCalls_callsInFlightFinish_thenItIsGone() throws Exception {
    drop("slow.tar.gz", "slow", "1.0.0", HostileModules.infiniteLoop(), "run");
    start(
        PluginHost.builder()
            .defaultLimits(
                dev.airlock.runtime.Limits.builder().timeout(Duration.ofMillis(800)).build()));
    var result = new java.util.concurrent.CompletableFuture<Throwable>();
    Thread t =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    host.call("slow", "run", new byte[0]);
                    result.complete(null);
                  } catch (Exception e) {
                    result.complete(e);
                  }
                });
    Thread.sleep(100);
    Files.delete(dir.resolve("slow.tar.gz"));
    await(() -> host.plugin("slow").isEmpty());
    t.join();

    assertThat(result.get()).isInstanceOf(PluginTimeoutException.class);
    assertThatThrownBy(() -> call("slow", "run", ""))
        .isInstanceOf(HostException.class)
        .hasMessageStartingWith("no plugin 'slow'");
  }

  @Test
  void unknownPlugin_namesThoseThatExist() throws Exception {
    drop("echo.tar.gz", "echo", "1.0.0", ECHO, "echo");
    start(PluginHost.builder());
    assertThatThrownBy(() -> host.enable("ecko"))
        .isInstanceOfSatisfying(
            HostException.class,
            e -> assertThat(e.reason()).isEqualTo(HostException.Reason.NOT_FOUND))
        .hasMessage("no plugin 'ecko' in this host (plugins: [echo])");
  }

  @Test
  void logsAndEvents_areKeptPerPlugin() throws Exception {
    drop("g.tar.gz", "g", "1.0.0", HostFixtures.example("greeter"), "greet");
    start(PluginHost.builder());
    List<String> streamed = new CopyOnWriteArrayList<>();
    host.addListener(
        new HostListener() {
          @Override
          public void onEvent(HostEvent event) {}

          @Override
          public void onLog(String plugin, PluginLog log) {
            streamed.add(plugin + ": " + log.line().message());
          }
        });
    call("g", "greet", "x");

    assertThat(streamed).containsExactly("g: greet call 1");
    assertThat(host.logs("g")).extracting(l -> l.line().message()).contains("greet call 1");
    assertThat(host.events("g")).extracting(HostEvent::type).contains(HostEvent.Type.LOADED);
  }
}
