package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a push settles authentication before its concurrent uploads (against a fake registry). */
class PreparePushTest {
  private static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

  FakeRegistry reg;

  @BeforeEach
  void setUp() throws Exception {
    reg = new FakeRegistry();
  }

  @AfterEach
  void tearDown() {
    reg.close();
  }

  RegistryClient client(Optional<Credentials> creds) {
    return RegistryClient.create(
        RegistryConfig.builder()
            .credentials(r -> r.equals(reg.host()) ? creds : Optional.empty())
            .attempts(1)
            .backoff(Duration.ofMillis(1))
            .build());
  }

  Repository repo() {
    return new Repository(reg.host(), "team/plugin");
  }

  long pings() {
    return reg.seen.stream().filter(s -> s.path().equals("/v2/")).count();
  }

  @Test
  void openRegistry_isAskedOnce_andRememberedForLaterPushes() throws Exception {
    reg.route("GET /v2/", ex -> FakeRegistry.send(ex, 200, "application/json", EMPTY));
    RegistryClient c = client(Optional.empty());

    assertThat(c.preparePush(repo())).isTrue();
    assertThat(c.preparePush(repo())).isTrue();
    assertThat(c.preparePush(new Repository(reg.host(), "other/repo"))).isTrue();

    assertThat(pings()).isEqualTo(1);
    assertThat(reg.seen.get(0).authorization()).isNull();
  }

  @Test
  void basicRegistry_getsTheStoredCredentials_once() throws Exception {
    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
    reg.route(
        "GET /v2/",
        ex -> {
          if (expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            FakeRegistry.send(ex, 200, "application/json", EMPTY);
          } else {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
            FakeRegistry.send(ex, 401, "application/json", EMPTY);
          }
        });
    RegistryClient c = client(Optional.of(new Credentials("alice", "s3cret")));

    assertThat(c.preparePush(repo())).isTrue();
    assertThat(c.preparePush(repo())).isTrue(); // known Basic host: no second request

    assertThat(reg.seen)
        .extracting(FakeRegistry.Seen::authorization)
        .containsExactly(null, expected);
  }

  @Test
  void refusedCredentials_failBeforeAnyUpload_withTheLoginHint() throws Exception {
    reg.route(
        "GET /v2/",
        ex -> {
          ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"fake\"");
          FakeRegistry.send(ex, 401, "application/json", EMPTY);
        });
    RegistryClient c = client(Optional.of(new Credentials("alice", "wrong")));

    assertThatThrownBy(() -> c.preparePush(repo()))
        .isInstanceOf(OciException.class)
        .hasMessageContaining("refused GET /v2/ (401")
        .hasMessageContaining("airlock registry login " + reg.host());
    assertThat(reg.seen).allMatch(s -> s.path().equals("/v2/"));
  }

  @Test
  void apiRootThatIsNotARegistryRoot_leavesItToTheFirstUpload() throws Exception {
    // No route for /v2/: the fake answers 404, as a proxy in front of a registry might.
    RegistryClient c = client(Optional.empty());

    assertThat(c.preparePush(repo())).isFalse();
    assertThat(c.preparePush(repo())).isFalse(); // nothing remembered from a failed look
    assertThat(pings()).isEqualTo(2);
  }
}
