package dev.airlock.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.artefact.Abi;
import dev.airlock.artefact.PathGrant;
import dev.airlock.artefact.Permissions;
import dev.airlock.testing.HostileModules;
import dev.airlock.testing.HttpFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a manifest may be granted: directories (read-only or writable), env, HTTP hosts. */
class GrantsTest {
  @TempDir Path dir;
  Engine engine;
  HttpFixture server;

  @BeforeEach
  void start() throws Exception {
    engine =
        Engine.builder()
            .allowNetwork(true)
            .extismHostFunction(
                "shout",
                1,
                1,
                (memory, args) ->
                    new long[] {
                      memory.write(
                          new String(memory.read(args[0]), UTF_8)
                              .toUpperCase(java.util.Locale.ROOT)
                              .getBytes(UTF_8))
                    })
            .build();
    server =
        HttpFixture.start(
            java.util.Map.of(
                "/hello", HttpFixture.respond(200, "hello from the host".getBytes(UTF_8)),
                "/big", HttpFixture.respond(200, new byte[(1 << 20) + 10]),
                "/redirect", HttpFixture.redirect(302, "http://evil.example/steal")));
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
  }

  static Permissions paths(PathGrant... grants) {
    return new Permissions(
        OptionalInt.empty(),
        OptionalLong.empty(),
        OptionalLong.empty(),
        List.of(grants),
        List.of(),
        List.of());
  }

  Plugin fileAccess(Permissions p) throws PluginException {
    return engine.load(
        TestPlugins.artefact(
            "files",
            HostileModules.wasiFileAccess(),
            List.of("run", "exfiltrate", "create", "destroy"),
            Abi.RAW,
            p));
  }

  @Test
  void readOnlyGrant_refusesWrites_andLeavesTheDirectoryAlone() throws Exception {
    Files.writeString(dir.resolve("a"), "data");
    Plugin p = fileAccess(paths(new PathGrant(dir.toString(), "/data", false)));

    byte[] created = p.call("create", new byte[0]).output();
    byte[] destroyed = p.call("destroy", new byte[0]).output();

    assertThat(created[0]).as("create on the read-only grant").isEqualTo((byte) 69);
    for (int i = 0; i < 5; i++) {
      assertThat(destroyed[i]).as("destroy step %d on the read-only grant", i).isNotZero();
    }
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("a");
    }
  }

  @Test
  void writableGrant_allowsCreating() throws Exception {
    Plugin p = fileAccess(paths(new PathGrant(dir.toString(), "/data", true)));

    assertThat(p.call("create", new byte[0]).output()[0]).isZero();
    assertThat(dir.resolve("airlock-was-here")).hasContent("pwned");
  }

  @Test
  void symlinkInsideTheGrant_cannotLeadOutside() throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("passwd"), "secret");
    Path granted = Files.createDirectories(dir.resolve("granted"));
    Files.createSymbolicLink(granted.resolve("escape"), outside);
    Plugin p = fileAccess(paths(new PathGrant(granted.toString(), "/data", true)));

    byte[] errnos = p.call("run", new byte[0]).output();

    int fd3 = 3 * 5;
    assertThat(errnos[fd3]).as("/etc/passwd").isNotZero();
    assertThat(errnos[fd3 + 1]).as("../../etc/passwd").isNotZero();
    assertThat(errnos[fd3 + 3])
        .as(". is inside the grant")
        .isNotEqualTo((byte) WasiGuard.ENOTCAPABLE);
    assertThat(errnos[fd3 + 4])
        .as("escape/passwd through the link")
        .isEqualTo((byte) WasiGuard.ENOTCAPABLE);
    assertThat(new String(p.call("exfiltrate", new byte[0]).output(), UTF_8))
        .doesNotContain("secret");
  }

  @Test
  void missingGrantedDirectory_refusedAtLoad() {
    assertThatThrownBy(() -> fileAccess(paths(new PathGrant("/no/such/dir", "/data", false))))
        .isInstanceOf(PluginAbiException.class)
        .hasMessageContaining("directory /no/such/dir, which does not exist");
  }

  @Test
  void env_onlyGrantedVariablesAreVisible() throws Exception {
    Permissions p =
        new Permissions(
            OptionalInt.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            List.of(),
            List.of(),
            List.of("HOME"));
    Plugin plugin =
        engine.load(
            TestPlugins.artefact(
                "env", HostileModules.wasiEnvironment(), List.of("run"), Abi.RAW, p));

    String env = new String(plugin.call("run", new byte[0]).output(), UTF_8);

    assertThat(env).contains("HOME=" + System.getenv("HOME")).doesNotContain("PATH=");
  }

  Plugin http(List<String> hosts) throws PluginException {
    Permissions p =
        new Permissions(
            OptionalInt.empty(),
            OptionalLong.empty(),
            OptionalLong.empty(),
            List.of(),
            hosts,
            List.of());
    return engine.load(
        TestPlugins.artefact(
            "fetcher",
            HostFunctionsTest.wat("extism-http"),
            List.of("fetch", "status", "shout"),
            Abi.EXTISM,
            p));
  }

  byte[] request(String path) {
    return ("{\"url\":\"http://127.0.0.1:" + server.port() + path + "\",\"method\":\"GET\"}")
        .getBytes(UTF_8);
  }

  @Test
  void http_toAnAllowedHost_returnsTheBody() throws Exception {
    assertThat(
            new String(http(List.of("127.0.0.1")).call("fetch", request("/hello")).output(), UTF_8))
        .isEqualTo("hello from the host");
  }

  @Test
  void http_toAHostNotAllowed_isDenied() throws Exception {
    Plugin p = http(List.of("*.example.com"));
    assertThatThrownBy(() -> p.call("fetch", request("/hello")))
        .isInstanceOfSatisfying(
            PluginTrapException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(PluginTrapException.Kind.DENIED);
              assertThat(e.getMessage()).contains("may not reach host '127.0.0.1'");
            });
  }

  @Test
  void http_redirectIsNotFollowed() throws Exception {
    byte[] status = http(List.of("127.0.0.1")).call("status", request("/redirect")).output();
    assertThat(status).containsExactly(0x2e, 0x01, 0, 0); // 302
  }

  @Test
  void http_responseOverTheCap_isALimit() throws Exception {
    Plugin p = http(List.of("127.0.0.1"));
    assertThatThrownBy(() -> p.call("fetch", request("/big")))
        .isInstanceOf(PluginLimitException.class)
        .hasMessageContaining("http response body is over the cap of 1048576 bytes");
  }

  @Test
  void http_whenTheHostAllowsNoNetwork_refusedAtLoad() {
    try (Engine closed = Engine.builder().build()) {
      Permissions p =
          new Permissions(
              OptionalInt.empty(),
              OptionalLong.empty(),
              OptionalLong.empty(),
              List.of(),
              List.of("127.0.0.1"),
              List.of());
      assertThatThrownBy(
              () ->
                  closed.load(
                      TestPlugins.artefact(
                          "fetcher",
                          HostFunctionsTest.wat("extism-http"),
                          List.of("fetch"),
                          Abi.EXTISM,
                          p)))
          .isInstanceOf(PluginAbiException.class)
          .hasMessage(
              "plugin 'fetcher' asks for network access (allowed_hosts [127.0.0.1]),"
                  + " which this host does not grant");
    }
  }

  @Test
  void userHostFunction_isCalledWithBlocks() throws Exception {
    assertThat(new String(http(List.of()).call("shout", "quiet".getBytes(UTF_8)).output(), UTF_8))
        .isEqualTo("QUIET");
  }
}
