package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenCommandTest {
  @TempDir Path data;

  @Test
  void create_printsTheTokenOnce_andStoresOnlyItsHash() throws Exception {
    var r = CliRunner.run("token", "create", "--scope", "read,invoke", "--data", data);
    assertThat(r.code()).as(r.err()).isZero();
    String token = r.out().strip();
    assertThat(token).matches("alk_[A-Za-z0-9_-]{43}");
    assertThat(r.err())
        .matches("token tok_[0-9a-f]{12} with scopes \\[read, invoke\\] \\(shown once\\)\\s*");
    String db = "";
    for (String f : new String[] {"airlock.db", "airlock.db-wal"}) {
      Path p = data.resolve(f);
      if (java.nio.file.Files.exists(p)) {
        db +=
            new String(
                java.nio.file.Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
      }
    }
    assertThat(db).isNotEmpty().doesNotContain(token);
  }

  @Test
  void create_unknownScope_isAUsageError() {
    var r = CliRunner.run("token", "create", "--scope", "root", "--data", data);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("unknown scope 'root': expected read, invoke or admin");
  }

  @Test
  void serve_withDir_isAUsageErrorNamingTheDataDirectory() {
    var r = CliRunner.run("serve", "--dir", "elsewhere", "--data", data, "--listen", "127.0.0.1:0");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err())
        .contains(
            "--dir, --hot-reload and --debounce are not used by 'serve': the server owns its"
                + " plugins directory ("
                + data.resolve("plugins")
                + ")");
  }
}
