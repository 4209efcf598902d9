package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretRedactionTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Authorization: Bearer alk_abcdefghijkl | Authorization: Bearer [redacted]",
        "authorization=Basic dXNlcjpwYXNz, Host: x | authorization=Basic [redacted], Host: x",
        "AUTHORIZATION: Token s3cret} | AUTHORIZATION: Token [redacted]}",
        "GET /x?token=alk_0123456789-_ab HTTP/1.1 | GET /x?token=[redacted] HTTP/1.1",
        "no secrets here: alk_short | no secrets here: alk_short",
      })
  void redact_masksHeaderCredentialsAndTokenSecrets(String in, String expected) {
    assertThat(SecretRedaction.redact(in, false)).isEqualTo(expected);
    assertThat(SecretRedaction.redact(in, true)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // Jetty's buffer dump: a position marker between "alk_" and the rest of the secret.
        "={GET /api/...er alk_<<<VBwshAv5moTm08-nq33J4_934_TM0myxzh_NlMZXP6I>>>-pw"
            + " | ={GET /api/...er alk_<<<[redacted]>>>-pw",
        // A piece cut at a buffer edge: 21 characters with a digit.
        "...nq33J4_934_TM0myxzh_N>>> | ...[redacted]>>>",
        // Debug lines keep their identifiers: words and short hex ids.
        "HttpConnection@4d118b99::SocketChannelEndPoint@47b055cf"
            + " | HttpConnection@4d118b99::SocketChannelEndPoint@47b055cf",
      })
  void debugRecords_alsoMaskLongRunsOfTokenCharacters(String in, String expected) {
    assertThat(SecretRedaction.redact(in, true)).isEqualTo(expected);
    assertThat(SecretRedaction.redact(in, false)).as("at INFO and above").isEqualTo(in);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "headers {0} | Authorization: Bearer alk_abcdefghijkl | headers Authorization: Bearer [redacted]"
      })
  void aRecordsParameters_areFormattedThenMasked(String message, String param, String expected) {
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    java.util.logging.Handler h =
        new java.util.logging.StreamHandler(
            java.io.OutputStream.nullOutputStream(), new java.util.logging.SimpleFormatter());
    root.addHandler(h);
    try {
      SecretRedaction.install();
      LogRecord r = new LogRecord(Level.FINE, message);
      r.setParameters(new Object[] {param});
      assertThat(h.getFilter().isLoggable(r)).isTrue();
      assertThat(r.getMessage()).isEqualTo(expected);
      assertThat(r.getParameters()).isNull();
    } finally {
      root.removeHandler(h);
    }
  }
}
