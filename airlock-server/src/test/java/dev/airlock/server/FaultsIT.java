package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.host.SettingsLoader;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits and faults: oversized, slow and endless bodies; races; a plugin that always hangs. */
class FaultsIT {
  static final long CAP = 256 * 1024;
  @TempDir Path data;
  ServerFixture s;

  @AfterEach
  void stop() {
    if (s != null) {
      s.close();
    }
  }

  @Test
  void declaredOversizedUpload_is413_beforeTheBodyIsSent_nothingStored() throws Exception {
    s = ServerFixture.start(data, Optional.empty(), CAP, Map.of());
    try (Socket socket = new Socket("127.0.0.1", s.server.port())) {
      socket.setSoTimeout(10_000);
      String head =
          "POST /api/v1/plugins HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + ServerFixture.ADMIN
              + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: "
              + (100L * 1024 * 1024)
              + "\r\n\r\n--b\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      // Only the headers went out: the answer comes without the 100 MiB.
      String answer = readAnswer(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 413 ");
      assertThat(answer)
          .contains(
              "\"message\":\"the upload is over the limit of 262144 bytes (104857600 bytes"
                  + " declared); nothing was stored\"");
    }
    assertNothingStored();
  }

  @Test
  void chunkedOversizedUpload_is413_nothingStored() throws Exception {
    s = ServerFixture.start(data, Optional.empty(), CAP, Map.of());
    var m = new ServerFixture.Multipart().file("file", "big.tar.gz", new byte[(int) CAP * 2]);
    byte[] body = m.bytes();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(s.base() + "/api/v1/plugins"))
            .header("Authorization", "Bearer " + ServerFixture.ADMIN)
            .header("Content-Type", m.contentType())
            // No length: the client streams it chunked, so only counting can stop it.
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(body)))
            .build();
    HttpResponse<String> r = s.http.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.body()).contains("\"error\":\"payload_too_large\"");
    assertNothingStored();
  }

  @Test
  void invokeBodyOverTheInputCap_is413_declaredOrChunked_andTheCallIsNotMade() throws Exception {
    s = ServerFixture.start(data, Optional.empty(), CAP, Map.of());
    assertThat(s.installExample("echo").status()).isEqualTo(201);
    assertThat(s.post("/api/v1/plugins/echo/enable", null).status()).isEqualTo(200);
    try (Socket socket = new Socket("127.0.0.1", s.server.port())) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("POST /api/v1/plugins/echo/invoke/echo HTTP/1.1\r\nHost: x\r\nAuthorization:"
                      + " Bearer "
                      + ServerFixture.ADMIN
                      + "\r\nContent-Length: "
                      + (CallApi.MAX_INPUT + 1)
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String answer = readAnswer(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 413 ");
      assertThat(answer)
          .contains("\"message\":\"the input is 4194305 bytes, over the limit of 4194304 bytes\"");
    }
    byte[] big = new byte[CallApi.MAX_INPUT + 100];
    HttpRequest req =
        HttpRequest.newBuilder(URI.create(s.base() + "/api/v1/plugins/echo/invoke/echo"))
            .header("Authorization", "Bearer " + ServerFixture.ADMIN)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(big)))
            .build();
    HttpResponse<String> r = s.http.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    assertThat(r.body())
        .contains("\"message\":\"the input is over 4194304 bytes, over the limit of 4194304");
    assertThat(s.get("/api/v1/plugins/echo").text()).contains("\"calls\":0");
    assertThat(s.invoke("echo", "echo", "still here").text()).isEqualTo("still here");
  }

  @Test
  void endlessBody_is413_andTheServerKeepsAnswering() throws Exception {
    s = ServerFixture.start(data, Optional.empty(), CAP, Map.of());
    try (Socket socket = new Socket("127.0.0.1", s.server.port())) {
      socket.setSoTimeout(20_000);
      var out = socket.getOutputStream();
      out.write(
          ("POST /api/v1/plugins HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + ServerFixture.ADMIN
                  + "\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] part =
          "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.tar.gz\"\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII);
      out.write((Integer.toHexString(part.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(part);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = new byte[16 * 1024];
      long sent = 0;
      try {
        while (sent < 64L * 1024 * 1024) { // "endless": far past the cap, until refused
          out.write(
              (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          out.write(chunk);
          out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          sent += chunk.length;
        }
      } catch (java.io.IOException closedByServer) {
        // the server stopped reading and closed: expected
      }
      assertThat(sent).isLessThan(64L * 1024 * 1024);
      String answer = readAnswer(socket.getInputStream());
      assertThat(answer).startsWith("HTTP/1.1 413 ");
    } catch (java.net.SocketException reset) {
      // the connection was reset before the answer could be read: the cap still held
    }
    assertThat(s.get("/api/v1/health").status()).isEqualTo(200);
    assertNothingStored();
  }

  @Test
  void slowBody_isCutAtTheIdleTimeout_nothingStored_othersAnswer() throws Exception {
    s = ServerFixture.start(data, Optional.empty(), CAP, Map.of());
    try (Socket socket = new Socket("127.0.0.1", s.server.port())) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("POST /api/v1/plugins HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + ServerFixture.ADMIN
                      + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 5000"
                      + "\r\n\r\n--b\r\nContent-Disposition: form-data; name=\"file\";"
                      + " filename=\"x.wasm\"\r\n\r\n\0asm")
                  .getBytes(StandardCharsets.US_ASCII));
      // ...and nothing more. Meanwhile the server answers others.
      assertThat(s.get("/api/v1/plugins").status()).isEqualTo(200);
      // The idle timeout (3 s in the fixture) closes the stalled connection.
      String answer = readAnswer(socket.getInputStream());
      assertThat(answer).doesNotStartWith("HTTP/1.1 201");
    }
    assertNothingStored();
  }

  @Test
  void concurrentLifecycle_fromSeveralClients_endsConsistent() throws Exception {
    s = ServerFixture.start(data);
    var key = Artefacts.demoKey(data);
    byte[][] versions = {
      Artefacts.tarGz(key, "echo", "race", "1.0.0", List.of("echo")),
      Artefacts.tarGz(key, "echo", "race", "1.1.0", List.of("echo")),
      Artefacts.tarGz(key, "echo", "race", "1.2.0", List.of("echo"))
    };
    assertThat(install(versions[0]).status()).isEqualTo(201);
    Set<Integer> allowed = Set.of(200, 201, 204, 404, 409, 412);
    ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    AtomicInteger conflicts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    List<Future<?>> all = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      int seed = t;
      all.add(
          pool.submit(
              () -> {
                Random rnd = new Random(seed);
                for (int i = 0; i < 12; i++) {
                  try {
                    ServerFixture.Answer a =
                        switch (rnd.nextInt(6)) {
                          case 0 -> s.post("/api/v1/plugins/race/enable", null);
                          case 1 -> s.post("/api/v1/plugins/race/disable", null);
                          case 2 ->
                              s.upload(
                                  "PUT",
                                  "/api/v1/plugins/race?allow_downgrade=true",
                                  new ServerFixture.Multipart()
                                      .file("file", "r.tar.gz", versions[rnd.nextInt(3)]));
                          case 3 ->
                              s.send(
                                  "DELETE",
                                  "/api/v1/plugins/race",
                                  ServerFixture.ADMIN,
                                  null,
                                  null);
                          case 4 -> install(versions[rnd.nextInt(3)]);
                          default -> staleEnable();
                        };
                    if (!allowed.contains(a.status())) {
                      unexpected.add(a.status() + " " + a.text());
                    }
                    if (a.status() == 409 || a.status() == 412) {
                      conflicts.incrementAndGet();
                    }
                  } catch (Exception e) {
                    unexpected.add(e.toString());
                  }
                }
              }));
    }
    for (Future<?> f : all) {
      f.get(300, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(unexpected).isEmpty();
    assertThat(conflicts.get()).isPositive();
    assertConsistent();
  }

  private ServerFixture.Answer install(byte[] artefact) throws Exception {
    return s.upload(
        "POST",
        "/api/v1/plugins",
        new ServerFixture.Multipart().file("file", "r.tar.gz", artefact));
  }

  /** An enable with an If-Match that can never be current. */
  private ServerFixture.Answer staleEnable() throws Exception {
    return s.send(
        "POST",
        "/api/v1/plugins/race/enable",
        ServerFixture.ADMIN,
        null,
        null,
        Map.of("If-Match", "\"00000000000000000000\""));
  }

  /** The database, the running host, the plugins directory and the blob store agree. */
  private void assertConsistent() throws Exception {
    var items = s.get("/api/v1/plugins").json().get("items");
    Set<String> files = new HashSet<>();
    try (var list = Files.list(data.resolve("plugins"))) {
      list.forEach(p -> files.add(p.getFileName().toString()));
    }
    Set<String> blobs = new HashSet<>();
    try (var list = Files.list(data.resolve("blobs/sha256"))) {
      list.forEach(p -> blobs.add(p.getFileName().toString()));
    }
    if (items.isEmpty()) {
      assertThat(files).isEmpty();
      assertThat(blobs).isEmpty();
      assertThat(s.invoke("race", "echo", "x").status()).isEqualTo(404);
      return;
    }
    var p = items.get(0);
    assertThat(p.get("status").asText()).isIn("enabled", "disabled");
    assertThat(p.get("failure").isNull()).as(p.toString()).isTrue();
    assertThat(files).containsExactly("race.tar.gz");
    assertThat(blobs).containsExactly(p.get("sha256").asText());
    assertThat(BlobStore.sha256(data.resolve("plugins/race.tar.gz")))
        .isEqualTo(p.get("sha256").asText());
    int expected = p.get("status").asText().equals("enabled") ? 200 : 409;
    assertThat(s.invoke("race", "echo", "x").status()).isEqualTo(expected);
  }

  @Test
  void pluginHangingOnEveryInvoke_otherRoutesKeepAnswering() throws Exception {
    s = ServerFixture.start(data);
    s.installExample("cpu-burn");
    s.post("/api/v1/plugins/cpu-burn/enable", null);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<Integer> spinStatuses = new ConcurrentLinkedQueue<>();
    ExecutorService burners = Executors.newFixedThreadPool(12);
    for (int i = 0; i < 12; i++) {
      burners.submit(
          () -> {
            while (!stop.get()) {
              inFlight.incrementAndGet();
              try {
                spinStatuses.add(s.invoke("cpu-burn", "spin", "").status());
              } catch (Exception e) {
                spinStatuses.add(-1);
              } finally {
                inFlight.decrementAndGet();
              }
            }
            return null;
          });
    }
    int answeredWhileBurning = 0;
    for (int i = 0; i < 20; i++) {
      int busy = inFlight.get();
      var health = s.get("/api/v1/health");
      var list = s.get("/api/v1/plugins");
      assertThat(health.status()).isEqualTo(200);
      assertThat(list.status()).isEqualTo(200);
      if (busy > 0 && inFlight.get() > 0) {
        answeredWhileBurning++;
      }
      Thread.sleep(100);
    }
    stop.set(true);
    burners.shutdown();
    assertThat(burners.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(answeredWhileBurning).isPositive();
    assertThat(spinStatuses).isNotEmpty().allMatch(st -> st == 504);
    var stats = s.get("/api/v1/plugins/cpu-burn").json().get("stats");
    assertThat(stats.get("timeouts").asLong()).isEqualTo(spinStatuses.size());
    assertThat(s.get("/api/v1/metrics").text())
        .contains(
            "airlock_plugin_call_seconds_count{hook=\"spin\",outcome=\"timeout\",plugin=\"cpu-burn\"}");
  }

  @Test
  void deleteDuringASlowInvoke_theCallAnswersNormally_thenInvokeIs404() throws Exception {
    // A generous call budget: fib(N) by naive recursion takes seconds but must not time out.
    var settings =
        SettingsLoader.load(
            Map.of(
                "directory",
                data.resolve("plugins").toString(),
                "timeout",
                "30s",
                "cpu_time",
                "30s"),
            Map.of(),
            Optional.empty());
    s =
        ServerFixture.wrap(
            AirlockServer.start(
                new ServerOptions(
                    "127.0.0.1",
                    0,
                    data,
                    Optional.empty(),
                    settings,
                    Optional.of(ServerFixture.ADMIN),
                    ServerOptions.DEFAULT_MAX_UPLOAD,
                    Duration.ofSeconds(60))),
            data);
    assertThat(s.installExample("cpu-burn").status()).isEqualTo(201);
    assertThat(s.post("/api/v1/plugins/cpu-burn/enable", null).status()).isEqualTo(200);
    int n = SLOW_FIB;
    byte[] input = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(n).array();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<ServerFixture.Answer> slow =
          caller.submit(
              () ->
                  s.send(
                      "POST",
                      "/api/v1/plugins/cpu-burn/invoke/fib",
                      ServerFixture.ADMIN,
                      input,
                      "application/octet-stream"));
      Thread.sleep(500);
      if (slow.isDone()) {
        var early = slow.get();
        throw new AssertionError(
            String.format(
                Locale.ROOT,
                "fib(%d) answered before DELETE was sent, expected it still running: %d %s",
                n,
                early.status(),
                early.status() == 200 ? early.body().length + " bytes" : early.text()));
      }
      var deleted = s.send("DELETE", "/api/v1/plugins/cpu-burn", ServerFixture.ADMIN, null, null);
      assertThat(deleted.status()).as(deleted.text()).isEqualTo(204);
      ServerFixture.Answer answer = slow.get(120, TimeUnit.SECONDS);
      assertThat(answer.status()).as(answer.text()).isEqualTo(200);
      assertThat(answer.body()).hasSize(8);
      long got = ByteBuffer.wrap(answer.body()).order(ByteOrder.LITTLE_ENDIAN).getLong();
      assertThat(got).as("fib(%d)", n).isEqualTo(fibonacci(n));
    } finally {
      caller.shutdownNow();
    }
    var after =
        s.send(
            "POST",
            "/api/v1/plugins/cpu-burn/invoke/fib",
            ServerFixture.ADMIN,
            input,
            "application/octet-stream");
    assertThat(after.status()).as(after.text()).isEqualTo(404);
    assertThat(s.get("/api/v1/plugins/cpu-burn").status()).isEqualTo(404);
    assertThat(s.get("/api/v1/plugins").json().get("items")).isEmpty();
  }

  /** fib(46) by naive recursion: a few seconds of work in the plugin (fib(43) took 0.9 s here). */
  private static final int SLOW_FIB = 46;

  /** The same number, computed here by iteration. */
  private static long fibonacci(int n) {
    long a = 0;
    long b = 1;
    for (int i = 0; i < n; i++) {
      long next = a + b;
      a = b;
      b = next;
    }
    return a;
  }

  private static String readAnswer(InputStream in) throws java.io.IOException {
    byte[] buf = new byte[8192];
    StringBuilder b = new StringBuilder();
    try {
      int n;
      while ((n = in.read(buf)) > 0) {
        b.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        if (b.indexOf("\r\n\r\n") > 0 && b.indexOf("}") > 0) {
          break;
        }
      }
    } catch (java.net.SocketException closed) {
      // answered (or not) and closed
    }
    return b.toString();
  }

  private void assertNothingStored() throws Exception {
    assertThat(s.get("/api/v1/plugins").json().get("items")).isEmpty();
    try (var blobs = Files.list(data.resolve("blobs/sha256"))) {
      assertThat(blobs.toList()).isEmpty();
    }
    try (var files = Files.list(data.resolve("plugins"))) {
      assertThat(files.toList()).isEmpty();
    }
    // Staging directories go when their request ends (an idle-timed-out one a moment later).
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<Path> left;
    do {
      try (var tmp = Files.list(data.resolve("tmp"))) {
        left = tmp.filter(p -> p.getFileName().toString().startsWith("install-")).toList();
      }
      if (!left.isEmpty()) {
        Thread.sleep(100);
      }
    } while (!left.isEmpty() && System.nanoTime() < deadline);
    assertThat(left).isEmpty();
  }
}
