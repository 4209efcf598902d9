package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics}: failed calls by outcome, reloads, and blob store hits, as they happen. */
class MetricsIT {
  @TempDir Path data;
  ServerFixture s;

  @BeforeEach
  void start() throws Exception {
    s = ServerFixture.start(data);
  }

  @AfterEach
  void stop() {
    s.close();
  }

  /** The value of one series (name with its labels, as Prometheus text writes it), if present. */
  Optional<Double> metric(String series) throws Exception {
    var r = s.get("/api/v1/metrics");
    assertThat(r.status()).isEqualTo(200);
    for (String line : r.text().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Optional.of(Double.parseDouble(line.substring(series.length() + 1).strip()));
      }
    }
    return Optional.empty();
  }

  @Test
  void failingInvoke_isCountedWithOutcomeError() throws Exception {
    assertThat(s.installExample("greeter").status()).isEqualTo(201);
    assertThat(s.post("/api/v1/plugins/greeter/enable", null).status()).isEqualTo(200);
    String errors =
        "airlock_plugin_call_seconds_count{hook=\"fail\",outcome=\"error\",plugin=\"greeter\"}";
    String oks =
        "airlock_plugin_call_seconds_count{hook=\"fail\",outcome=\"ok\",plugin=\"greeter\"}";
    assertThat(metric(errors)).isEmpty();

    var failed = s.invoke("greeter", "fail", "");
    assertThat(failed.status()).as(failed.text()).isEqualTo(502);
    assertThat(failed.json().get("error").asText()).isEqualTo("plugin_failed");

    assertThat(metric(errors)).contains(1.0);
    assertThat(metric(oks)).isEmpty();
    assertThat(s.get("/api/v1/plugins/greeter").json().get("stats").get("errors").asLong())
        .isEqualTo(1);
  }

  @Test
  void update_countsAReload_andTheSameBytesAgainCountABlobStoreHit() throws Exception {
    var key = Artefacts.demoKey(data);
    byte[] v1 = Artefacts.tarGz(key, "echo", "relay", "1.0.0", List.of("echo"));
    byte[] v2 = Artefacts.tarGz(key, "echo", "relay", "2.0.0", List.of("echo"));
    String reloads = "airlock_plugin_events_total{plugin=\"relay\",type=\"reloaded\"}";
    String hits = "airlock_blob_store_hits_total";
    String misses = "airlock_blob_store_misses_total";
    assertThat(upload("POST", "/api/v1/plugins", v1).status()).isEqualTo(201);
    assertThat(s.post("/api/v1/plugins/relay/enable", null).status()).isEqualTo(200);
    assertThat(metric(reloads).orElse(0.0)).as(reloads + " after install").isZero();
    assertThat(metric(hits)).contains(0.0);
    assertThat(metric(misses)).contains(1.0);

    var updated = upload("PUT", "/api/v1/plugins/relay", v2);
    assertThat(updated.status()).as(updated.text()).isEqualTo(200);
    assertThat(metric(reloads)).as(reloads + " after an update").contains(1.0);
    assertThat(metric(hits)).contains(0.0);
    assertThat(metric(misses)).contains(2.0);

    var again = upload("PUT", "/api/v1/plugins/relay", v2);
    assertThat(again.status()).as(again.text()).isEqualTo(200);
    assertThat(metric(hits)).as(hits + " after the same bytes again").contains(1.0);
    assertThat(metric(misses)).contains(2.0);
    assertThat(s.invoke("relay", "echo", "still served").text()).isEqualTo("still served");
  }

  private ServerFixture.Answer upload(String method, String path, byte[] artefact)
      throws Exception {
    return s.upload(
        method, path, new ServerFixture.Multipart().file("file", "relay.tar.gz", artefact));
  }
}
