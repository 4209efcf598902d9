package dev.airlock.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.airlock.runtime.CallResult;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Plugin;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The registry example plugins called directly with hostile input: every hook answers with a reply
 * its contract allows (or none), and never traps.
 */
class ExamplePluginInputsTest {
  static Engine engine;
  static Map<String, Plugin> plugins;

  @BeforeAll
  static void load() throws Exception {
    engine = Engine.builder().build();
    plugins =
        Map.of(
            "upload-policy",
            RealPlugins.example(
                engine, "upload-policy", "upload-policy", Map.of(), "validate_upload"),
            "npm-metadata",
            RealPlugins.example(engine, "npm-metadata", "npm-metadata", Map.of(), "extract"),
            "wasm-format",
            RealPlugins.example(
                engine,
                "wasm-format",
                "wasm-format",
                Map.of(),
                "format_key",
                "parse_metadata",
                "validate",
                "generate_index"));
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static Stream<Arguments> hostileInputs() {
    byte[] random = new byte[4096];
    new Random(42).nextBytes(random);
    List<byte[]> inputs =
        List.of(
            new byte[0],
            random,
            HexFormat.of().parseHex("00414c01"), // a prefix cut short
            HexFormat.of().parseHex("00414c01ffffffff7b7d"), // header length past the end
            HexFormat.of().parseHex("00414c01010000007b"), // header "{"
            HexFormat.of().parseHex("00414c010a0000007b2270617468223a31"), // {"path":1
            ("\u0000AL\u0001\u0000\u0001\u0000\u0000" + "[".repeat(256))
                .getBytes(UTF_8), // deep header
            "{\"artifacts\":[{\"path\":\"a\",\"size_bytes\":1e400}]}".getBytes(UTF_8),
            "{\"artifacts\":[{\"path\":\"\\ud800\",\"size_bytes\":1}]}".getBytes(UTF_8),
            "{\"artifacts\":[{\"path\":\"a\",\"size_bytes\":99999999999999999999}]}"
                .getBytes(UTF_8));
    return Stream.of(
            new String[] {"upload-policy", "validate_upload"},
            new String[] {"npm-metadata", "extract"},
            new String[] {"wasm-format", "parse_metadata"},
            new String[] {"wasm-format", "validate"},
            new String[] {"wasm-format", "generate_index"})
        .flatMap(
            ph ->
                java.util.stream.IntStream.range(0, inputs.size())
                    .mapToObj(i -> Arguments.of(ph[0], ph[1], i, inputs.get(i))));
  }

  @ParameterizedTest(name = "{0} {1} input #{2}")
  @MethodSource("hostileInputs")
  void hostileInput_getsAContractReply_neverATrap(String plugin, String hook, int n, byte[] input)
      throws Exception {
    CallResult r = plugins.get(plugin).call(hook, input);
    byte[] out = r.output();

    switch (hook) {
      case "validate_upload" -> {
        // a validation hook must not allow what it cannot read
        assertThat(RegistryReplies.uploadVerdict(out).allowed()).isFalse();
      }
      case "extract" ->
          assertThatCode(() -> decodeOrReported(() -> RegistryReplies.extract(out)))
              .doesNotThrowAnyException();
      case "parse_metadata" ->
          assertThat(RegistryReplies.parseMetadata(out)).isInstanceOf(ParseResult.Refused.class);
      case "validate" -> assertThat(RegistryReplies.validate(out).valid()).isFalse();
      default ->
          assertThatCode(() -> decodeOrReported(() -> RegistryReplies.generateIndex(out)))
              .doesNotThrowAnyException();
    }
  }

  interface Decode {
    Object run() throws BadReply;
  }

  /** A reply that decodes, or an {@code "error"} the plugin reported: never malformed. */
  static void decodeOrReported(Decode d) throws BadReply {
    try {
      d.run();
    } catch (BadReply e) {
      if (e.reason != HookFailure.Reason.PLUGIN_ERROR) {
        throw e;
      }
    }
  }
}
