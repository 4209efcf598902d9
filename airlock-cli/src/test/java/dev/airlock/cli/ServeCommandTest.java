package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.server.ServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code airlock serve --listen}: the default, and a bad value refused before anything starts. */
class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void listen_defaultsTo127001Port8080() {
    ServeCommand c = new ServeCommand();
    new CommandLine(c).parseArgs();
    assertThat(c.listen).isEqualTo("127.0.0.1:8080");
    assertThat(ServerOptions.parseListen(c.listen)).isEqualTo(Map.entry("127.0.0.1", 8080));
  }

  @Test
  void listen_badValue_isAUsageError_andNothingIsCreated() {
    Path data = dir.resolve("data");
    var r = CliRunner.run("serve", "--listen", "localhost", "--data", data);
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "--listen must be HOST:PORT such as 127.0.0.1:8080 or [::1]:8080 (port 0-65535), got"
                + " 'localhost'");
    assertThat(data).as("the data directory of a refused start").doesNotExist();
    assertThat(Files.exists(dir.resolve("airlock-data"))).isFalse();
  }
}
