package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A blob push opens its upload session while it checks whether the registry has the blob (against a
 * fake registry that records every request).
 */
class BlobPushTest {
  private static final String REPO = "team/plugin";
  private static final String SESSION = "/v2/" + REPO + "/blobs/uploads/s1";
  private static final byte[] EMPTY = new byte[0];

  FakeRegistry reg;
  byte[] blob = "a blob".getBytes(StandardCharsets.UTF_8);
  Descriptor d = Descriptor.of("application/octet-stream", blob, Map.of());
  String head;

  @BeforeEach
  void setUp() throws Exception {
    reg = new FakeRegistry();
    head = "HEAD /v2/" + REPO + "/blobs/" + d.digest();
  }

  @AfterEach
  void tearDown() {
    reg.close();
  }

  RegistryClient client() {
    return RegistryClient.create(
        RegistryConfig.builder().attempts(1).backoff(Duration.ofMillis(1)).build());
  }

  Repository repo() {
    return new Repository(reg.host(), REPO);
  }

  void opensSessions() {
    reg.route(
        "POST /v2/" + REPO + "/blobs/uploads/",
        ex -> {
          ex.getResponseHeaders().set("Location", SESSION);
          FakeRegistry.send(ex, 202, "application/json", EMPTY);
        });
  }

  void status(String route, int code) {
    reg.route(route, ex -> FakeRegistry.send(ex, code, "application/json", EMPTY));
  }

  String methods() {
    return reg.seen.stream()
        .map(FakeRegistry.Seen::method)
        .sorted()
        .reduce((a, b) -> a + " " + b)
        .orElse("");
  }

  @Test
  void missingBlob_isSentIntoTheSessionOpenedBesideTheCheck() throws Exception {
    opensSessions();
    status("PUT " + SESSION, 201);

    assertThat(client().pushBlob(repo(), BlobContent.of(blob), d, Optional.empty())).isTrue();

    assertThat(methods()).isEqualTo("HEAD POST PUT");
    assertThat(reg.seen)
        .filteredOn(s -> s.method().equals("PUT"))
        .singleElement()
        .satisfies(s -> assertThat(s.path()).isEqualTo(SESSION + "?digest=" + d.digest()));
  }

  @Test
  void blobTheRegistryHas_isNotSent_andItsSessionIsCancelled() throws Exception {
    opensSessions();
    status(head, 200);
    status("DELETE " + SESSION, 204);

    assertThat(client().pushBlob(repo(), BlobContent.of(blob), d, Optional.empty())).isFalse();

    assertThat(methods()).isEqualTo("DELETE HEAD POST");
  }

  @Test
  void blobTheRegistryHas_isNotSent_evenWhenNoSessionCouldBeOpened() throws Exception {
    status(head, 200);
    status("POST /v2/" + REPO + "/blobs/uploads/", 403);

    assertThat(client().pushBlob(repo(), BlobContent.of(blob), d, Optional.empty())).isFalse();

    assertThat(methods()).isEqualTo("HEAD POST");
  }

  @Test
  void failedCheck_failsThePush_andCancelsTheSession() throws Exception {
    opensSessions();
    status(head, 500);
    status("DELETE " + SESSION, 204);

    assertThatThrownBy(() -> client().pushBlob(repo(), BlobContent.of(blob), d, Optional.empty()))
        .isInstanceOf(OciException.class)
        .hasMessageContaining("500");

    assertThat(methods()).isEqualTo("DELETE HEAD POST");
  }

  @Test
  void refusedSession_forAMissingBlob_failsThePush() throws Exception {
    status("POST /v2/" + REPO + "/blobs/uploads/", 403);

    assertThatThrownBy(() -> client().pushBlob(repo(), BlobContent.of(blob), d, Optional.empty()))
        .isInstanceOf(OciException.class)
        .hasMessageContaining("POST /v2/" + REPO + "/blobs/uploads/")
        .hasMessageContaining("403");
    assertThat(reg.seen).noneMatch(s -> s.method().equals("PUT"));
  }
}
