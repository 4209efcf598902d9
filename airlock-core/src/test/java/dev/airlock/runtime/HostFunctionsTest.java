package dev.airlock.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.internal.Digests;
import dev.airlock.testing.WatCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The raw ABI's host functions, driven by a module that calls each of them. */
class HostFunctionsTest {
  static Engine engine;
  static byte[] wasm;

  @BeforeAll
  static void start() {
    engine = Engine.builder().defaultLimits(Limits.builder().maxKvValueBytes(1024).build()).build();
    wasm = wat("host-functions");
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  static byte[] wat(String name) {
    try (InputStream in = HostFunctionsTest.class.getResourceAsStream("/wat/" + name + ".wat")) {
      return WatCompiler.compile(new String(in.readAllBytes(), UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Plugin load(Map<String, String> config) throws PluginException {
    return engine.load(
        TestPlugins.artefact(
            "host-functions", wasm, "count", "forget", "hash", "config", "say", "big"),
        PluginOptions.builder().config(config).build());
  }

  static int counter(CallResult r) {
    return ByteBuffer.wrap(r.output()).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  @Test
  void kv_isSharedByFreshInstancesOfOnePlugin_andDeletable() throws Exception {
    Plugin p = load(Map.of());
    assertThat(counter(p.call("count", new byte[0]))).isEqualTo(1);
    assertThat(counter(p.call("count", new byte[0]))).isEqualTo(2);
    p.call("forget", new byte[0]);
    assertThat(counter(p.call("count", new byte[0]))).isEqualTo(1);
    assertThat(p.instancesCreated()).isEqualTo(4);
  }

  @Test
  void kv_isSeparatePerPlugin() throws Exception {
    Plugin a = load(Map.of());
    Plugin b = load(Map.of());
    a.call("count", new byte[0]);
    a.call("count", new byte[0]);
    assertThat(counter(b.call("count", new byte[0]))).isEqualTo(1);
  }

  @Test
  void kvSet_overTheValueCap_isRefusedInsideTheGuest() throws Exception {
    assertThat(load(Map.of()).call("big", new byte[0]).output()).containsExactly(1);
  }

  @Test
  void sha256Hex_matchesTheJdk() throws Exception {
    byte[] input = "the quick brown fox".getBytes(UTF_8);
    assertThat(new String(load(Map.of()).call("hash", input).output(), UTF_8))
        .isEqualTo(Digests.sha256Hex(input));
  }

  @Test
  void configGet_returnsValue_missing_orTooLong() throws Exception {
    Plugin p = load(Map.of("mode", "strict", "long", "0123456789"));
    assertThat(new String(p.call("config", "mode".getBytes(UTF_8)).output(), UTF_8))
        .isEqualTo("strict");
    assertThat(p.call("config", "nope".getBytes(UTF_8)).output()).containsExactly(1);
    assertThat(p.call("config", "long".getBytes(UTF_8)).output()).containsExactly(2);
  }

  @Test
  void log_keepsInfoAndAbove_sanitized() throws Exception {
    CallResult r = load(Map.of()).call("say", "hi\u001b[2J".getBytes(UTF_8));
    assertThat(r.logs()).containsExactly(new LogLine(LogLine.Level.INFO, "hi\\u001b[2J"));
  }
}
