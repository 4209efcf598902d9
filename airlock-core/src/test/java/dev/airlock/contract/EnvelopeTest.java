package dev.airlock.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvelopeTest {
  @Test
  void encode_writesMagicLittleEndianLengthHeaderAndRawPayload() {
    ObjectNode h = PluginJson.object();
    h.put("path", "a.wasm");
    byte[] payload = {0, (byte) 0xff, 'x'};

    byte[] env = Envelope.encode(h, payload);

    assertThat(HexFormat.of().formatHex(env, 0, 8)).isEqualTo("00414c0111000000");
    assertThat(new String(env, 8, 17, UTF_8)).isEqualTo("{\"path\":\"a.wasm\"}");
    assertThat(env).endsWith(payload).hasSize(8 + 17 + 3);
  }

  @Test
  void decode_readsWhatEncodeWrote() throws Exception {
    ObjectNode h = PluginJson.object();
    h.put("modified", true);
    byte[] payload = new byte[70_000];
    payload[69_999] = 7;

    Envelope.Parts parts = Envelope.decode(Envelope.encode(h, payload));

    assertThat(parts.header().get("modified").booleanValue()).isTrue();
    assertThat(parts.payload()).isEqualTo(payload);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "00414c01|output of 4 bytes is too short for an envelope (8-byte prefix)",
        "7b7d000000000000|output should be an envelope starting with magic 00414c01, starts with"
            + " 7b7d0000",
        "00414c01030000007b7d|envelope header length 3 is over 2 (the cap, or what is left of the"
            + " 10-byte output)",
        "00414c01ffffffff7b7d|envelope header length 4294967295 is over 2 (the cap, or what is"
            + " left of the 10-byte output)",
        "00414c01020000005b5d|output '[]' should be a JSON object, got an array",
      })
  void decode_refusesBrokenEnvelopes(String hex, String message) {
    assertThatThrownBy(() -> Envelope.decode(HexFormat.of().parseHex(hex)))
        .isInstanceOf(BadReply.class)
        .hasMessage(message);
  }
}
