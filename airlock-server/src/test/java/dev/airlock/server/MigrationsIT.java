package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema migrations at start: an older database is upgraded, a newer one refused untouched. */
class MigrationsIT {
  @TempDir Path data;

  String url() {
    return "jdbc:sqlite:" + data.resolve("airlock.db").toAbsolutePath();
  }

  /** A database with the V1 tables, versions 1 to {@code version} recorded, and a token. */
  void writeDatabaseAt(int version, String tokenSecret) throws Exception {
    Files.createDirectories(data);
    try (Connection c = DriverManager.getConnection(url());
        var s = c.createStatement()) {
      s.execute("CREATE TABLE airlock_schema (version INTEGER PRIMARY KEY, applied_at BIGINT)");
      for (String statement : Migrations.statements("V1__init.sql")) {
        s.execute(statement);
      }
      for (int v = 1; v <= version; v++) {
        s.execute("INSERT INTO airlock_schema VALUES (" + v + ", 0)");
      }
      s.execute(
          "INSERT INTO tokens (id, name, hash, scopes, created_at) VALUES ('tok_00000000v1v1',"
              + " 'from v1', '"
              + HexFormat.of().formatHex(Tokens.hash(tokenSecret))
              + "', 'admin', 0)");
    }
  }

  List<Integer> versions() throws SQLException {
    return column("SELECT version FROM airlock_schema ORDER BY version", 1).stream()
        .map(Integer::valueOf)
        .toList();
  }

  List<String> column(String query, int index) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url());
        var s = c.createStatement();
        var rs = s.executeQuery(query)) {
      while (rs.next()) {
        values.add(rs.getString(index));
      }
    }
    return values;
  }

  @Test
  void v1Database_isUpgradedAtStart_keepingItsData() throws Exception {
    String v1Token = "alk_token_stored_by_a_v1_server_0123456789";
    writeDatabaseAt(1, v1Token);
    assertThat(column("PRAGMA table_info(plugins)", 2)).doesNotContain("sidecar_name");

    try (ServerFixture s = ServerFixture.start(data)) {
      // the V1 token still works, and an install writes the V2 columns
      assertThat(s.send("GET", "/api/v1/plugins", v1Token, null, null).status()).isEqualTo(200);
      var installed = s.installExample("echo");
      assertThat(installed.status()).as(installed.text()).isEqualTo(201);
    }
    assertThat(versions()).containsExactly(1, 2);
    assertThat(column("PRAGMA table_info(plugins)", 2)).contains("sidecar_name", "sidecar_digest");
    assertThat(column("SELECT id FROM plugins", 1)).containsExactly("echo");
  }

  @Test
  void databaseNewerThanTheServer_isRefusedAtStart_andLeftAsItWas() throws Exception {
    int newer = Migrations.SCRIPTS.size() + 1;
    writeDatabaseAt(newer, "alk_token_stored_by_a_newer_server_0123");
    List<String> columns = column("PRAGMA table_info(plugins)", 2);

    assertThatThrownBy(
            () ->
                AirlockServer.start(
                    ServerFixture.options(
                        data, Optional.empty(), ServerOptions.DEFAULT_MAX_UPLOAD, Map.of())))
        .isInstanceOf(ServerStartException.class)
        .hasMessage(
            "cannot use the database at "
                + url()
                + ": its schema is at version "
                + newer
                + ", newer than this server knows ("
                + Migrations.SCRIPTS.size()
                + "): a newer airlock has used it; run that airlock, or give this one another"
                + " database");
    assertThat(versions()).hasSize(newer).last().isEqualTo(newer);
    assertThat(column("PRAGMA table_info(plugins)", 2)).isEqualTo(columns);
  }
}
