package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code --listen}: host and port, a bare port, bracketed IPv6, and clear refusals. */
class ServerOptionsTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:8080, 127.0.0.1, 8080",
    "8080, 127.0.0.1, 8080",
    "0.0.0.0:0, 0.0.0.0, 0",
    "localhost:65535, localhost, 65535",
    "[::1]:9000, ::1, 9000",
    "'  127.0.0.1:80  ', 127.0.0.1, 80"
  })
  void parseListen_acceptsHostPort(String listen, String host, int port) {
    assertThat(ServerOptions.parseListen(listen)).isEqualTo(Map.entry(host, port));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "localhost",
        "127.0.0.1:",
        ":8080",
        "127.0.0.1:65536",
        "127.0.0.1:-1",
        "127.0.0.1:+80",
        "127.0.0.1:http",
        "::1",
        "::1:8080",
        "[::1]",
        "1.2.3.4:80:90",
        "[::1:8080",
        "host name:80"
      })
  void parseListen_refusesWhatIsNotHostPort_sayingWhatItWants(String listen) {
    assertThatThrownBy(() -> ServerOptions.parseListen(listen))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--listen must be HOST:PORT such as 127.0.0.1:8080 or [::1]:8080 (port 0-65535), got '"
                + listen
                + "'");
  }
}
