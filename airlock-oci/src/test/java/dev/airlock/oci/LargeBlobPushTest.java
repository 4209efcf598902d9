package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import dev.airlock.oci.auth.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blob bodies of 1 MiB and more go over a blocking connection ({@link BlockingExchange}); against a
 * fake registry that checks what arrives. The two clients tell themselves apart by their {@code
 * User-Agent}: {@code Java/…} for the blocking connection, {@code Java-http-client/…} for the JDK's
 * asynchronous client.
 */
class LargeBlobPushTest {
  private static final String REPO = "team/plugin";
  private static final String SESSION = "/v2/" + REPO + "/blobs/uploads/s1";

  @TempDir Path dir;
  FakeRegistry reg;
  byte[] blob = new byte[(int) BlockingExchange.MIN_BODY_BYTES + 12_345];
  Descriptor d;

  /** One line per PUT that reached the registry: user agent, body digest, Authorization. */
  List<String> puts = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    new Random(7).nextBytes(blob);
    d = Descriptor.of("application/octet-stream", blob, Map.of());
    reg = new FakeRegistry();
    reg.route(
        "POST /v2/" + REPO + "/blobs/uploads/",
        ex -> {
          ex.getResponseHeaders().set("Location", SESSION);
          FakeRegistry.send(ex, 202, "application/json", new byte[0]);
        });
  }

  @AfterEach
  void tearDown() {
    reg.close();
  }

  RegistryClient client(RegistryConfig.Builder b) {
    return RegistryClient.create(b.backoff(Duration.ofMillis(1)).build());
  }

  Repository repo() {
    return new Repository(reg.host(), REPO);
  }

  /** Records a PUT and answers 201 when its body is the blob, 400 otherwise. */
  void accept(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    String agent = ex.getRequestHeaders().getFirst("User-Agent");
    puts.add(
        agent.substring(0, agent.indexOf('/'))
            + " "
            + Digest.sha256(body)
            + " "
            + ex.getRequestHeaders().getFirst("Authorization"));
    boolean ok =
        Digest.sha256(body).equals(d.digest())
            && "application/octet-stream".equals(ex.getRequestHeaders().getFirst("Content-Type"));
    FakeRegistry.send(ex, ok ? 201 : 400, "application/json", new byte[0]);
  }

  /** The first PUT is read and dropped without an answer; later ones are {@link #accept}ed. */
  void dropFirstPut() {
    AtomicInteger tries = new AtomicInteger();
    reg.route(
        "PUT " + SESSION,
        ex -> {
          if (tries.getAndIncrement() == 0) {
            ex.getRequestBody().readAllBytes();
            puts.add("dropped");
            ex.close(); // no status line: the blocking connection sees an I/O error
            return;
          }
          accept(ex);
        });
  }

  @Test
  void aLargeBlobInMemory_goesOverTheBlockingConnection_intact() throws Exception {
    reg.route("PUT " + SESSION, this::accept);

    assertThat(
            client(RegistryConfig.builder())
                .pushBlob(repo(), BlobContent.of(blob), d, Optional.empty()))
        .isTrue();

    assertThat(puts).containsExactly("Java " + d.digest() + " null");
  }

  @Test
  void aLargeBlobFromAFile_goesOverTheBlockingConnection_intact() throws Exception {
    Path f = Files.write(dir.resolve("blob"), blob);
    reg.route("PUT " + SESSION, this::accept);

    assertThat(
            client(RegistryConfig.builder())
                .pushBlob(repo(), new FileContent(f), d, Optional.empty()))
        .isTrue();

    assertThat(puts).containsExactly("Java " + d.digest() + " null");
  }

  @Test
  void aSmallBlob_staysWithTheAsynchronousClient() throws Exception {
    blob = new byte[1000];
    d = Descriptor.of("application/octet-stream", blob, Map.of());
    reg.route("PUT " + SESSION, this::accept);

    assertThat(
            client(RegistryConfig.builder())
                .pushBlob(repo(), BlobContent.of(blob), d, Optional.empty()))
        .isTrue();

    assertThat(puts).containsExactly("Java-http-client " + d.digest() + " null");
  }

  @Test
  void aChallengeOnTheBlockingConnection_isAnsweredAndTheBlobSentAgain() throws Exception {
    Credentials alice = new Credentials("alice", "pw");
    reg.route(
        "PUT " + SESSION,
        ex -> {
          if (ex.getRequestHeaders().getFirst("Authorization") == null) {
            ex.getRequestBody().readAllBytes();
            puts.add("challenged");
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"registry\"");
            FakeRegistry.send(ex, 401, "application/json", new byte[0]);
            return;
          }
          accept(ex);
        });

    assertThat(
            client(RegistryConfig.builder().credentials(r -> Optional.of(alice)))
                .pushBlob(repo(), BlobContent.of(blob), d, Optional.empty()))
        .isTrue();

    assertThat(puts)
        .containsExactly("challenged", "Java " + d.digest() + " " + alice.basicHeader());
  }

  @Test
  void aDroppedBlockingConnection_fallsBackToTheAsynchronousClient() throws Exception {
    dropFirstPut();

    assertThat(
            client(RegistryConfig.builder().attempts(1))
                .pushBlob(repo(), BlobContent.of(blob), d, Optional.empty()))
        .isTrue();

    assertThat(puts).containsExactly("dropped", "Java-http-client " + d.digest() + " null");
  }

  @Test
  void afterAFallback_theHostsLargeBlobsGoStraightToTheAsynchronousClient() throws Exception {
    dropFirstPut();
    HttpRegistryClient c = (HttpRegistryClient) client(RegistryConfig.builder().attempts(1));

    assertThat(c.pushBlob(repo(), BlobContent.of(blob), d, Optional.empty())).isTrue();
    assertThat(c.pushBlob(repo(), BlobContent.of(blob), d, Optional.empty())).isTrue();

    // Once: the dropped blocking try; after it, both pushes' bodies went once each.
    assertThat(c.transport.blockingFallbacks()).isEqualTo(1);
    assertThat(puts)
        .containsExactly(
            "dropped",
            "Java-http-client " + d.digest() + " null",
            "Java-http-client " + d.digest() + " null");
  }
}
