package dev.airlock.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SimpleSigningPayloadTest {
  private static final String D = "sha256:" + "ab".repeat(32);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void roundTrip_writesCosignShape() throws Exception {
    SimpleSigningPayload p = SimpleSigningPayload.of(D, "reg/repo", Map.of());
    assertThat(new String(p.toBytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"critical\":{\"identity\":{\"docker-reference\":\"reg/repo\"},\"image\":"
                + "{\"docker-manifest-digest\":\""
                + D
                + "\"},\"type\":\"cosign container image signature\"},\"optional\":null}");
    assertThat(SimpleSigningPayload.parse(p.toBytes())).isEqualTo(p);
  }

  @Test
  void oldDigestSpelling_isAccepted() throws Exception {
    var p =
        SimpleSigningPayload.parse(
            utf8(
                "{\"critical\":{\"image\":{\"Docker-manifest-digest\":\""
                    + D
                    + "\"},\"type\":\"cosign container image signature\"},\"optional\":{\"env\":\"prod\"}}"));
    p.check(D, Optional.empty());
    assertThat(p.annotations()).containsEntry("env", "prod");
  }

  @Test
  void wrongType_isRefused() throws Exception {
    var p =
        SimpleSigningPayload.parse(
            utf8(
                "{\"critical\":{\"image\":{\"docker-manifest-digest\":\""
                    + D
                    + "\"},\"type\":\"x\"}}"));
    assertThatThrownBy(() -> p.check(D, Optional.empty()))
        .hasMessage(
            "signature payload critical.type should be 'cosign container image signature',"
                + " found 'x'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|signature payload is not JSON (Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'))",
        "[]|signature payload has no 'critical' object",
        "{\"critical\":{}}|signature payload has no string 'critical.image.docker-manifest-digest'",
        "{\"critical\":{\"image\":{\"docker-manifest-digest\":1}}}|signature payload has no string 'critical.image.docker-manifest-digest'",
        "{\"critical\":{\"image\":{\"docker-manifest-digest\":\"d\"}}}|signature payload has no string 'critical.type'"
      })
  void hostilePayloads_areRefusedWithReason(String text, String message) {
    assertThatThrownBy(() -> SimpleSigningPayload.parse(utf8(text))).hasMessage(message);
  }

  @Test
  void hugePayload_isRefusedBeforeParsing() {
    assertThatThrownBy(() -> SimpleSigningPayload.parse(new byte[70_000]))
        .hasMessage("signature payload is 70000 bytes; the limit is 65536");
  }
}
