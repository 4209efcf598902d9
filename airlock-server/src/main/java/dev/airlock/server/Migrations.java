package dev.airlock.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Our own migration runner (Flyway needs an extra module and a dozen classes for SQLite; we need
 * one table and a list). Each script runs once, in order, in the caller's transaction, and its
 * number is recorded in {@code airlock_schema}. A database newer than this server is refused.
 */
final class Migrations {
  /** The scripts, in order; script N brings the schema to version N. */
  static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__sidecar.sql");

  private Migrations() {}

  /**
   * The schema version the database is at (0 for a new one), creating the version table if absent.
   */
  private static int version(Connection c) throws SQLException {
    try (var s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS airlock_schema"
              + " (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
    }
    try (var s = c.createStatement();
        var rs = s.executeQuery("SELECT MAX(version) FROM airlock_schema")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /** A database a newer server has migrated: not this server's to use (nor a connection fault). */
  static final class TooNew extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    TooNew(int found) {
      super(
          "its schema is at version "
              + found
              + ", newer than this server knows ("
              + SCRIPTS.size()
              + "): a newer airlock has used it; run that airlock, or give this one another"
              + " database");
    }
  }

  /**
   * Brings the schema to the newest version.
   *
   * @throws TooNew when the database is at a version newer than this server knows
   */
  static Void run(Connection c) throws SQLException {
    int current = version(c);
    if (current > SCRIPTS.size()) {
      throw new TooNew(current);
    }
    for (int v = current + 1; v <= SCRIPTS.size(); v++) {
      for (String statement : statements(SCRIPTS.get(v - 1))) {
        try (var s = c.createStatement()) {
          s.execute(statement);
        }
      }
      try (var ps = c.prepareStatement("INSERT INTO airlock_schema VALUES (?, ?)")) {
        ps.setInt(1, v);
        ps.setLong(2, System.currentTimeMillis());
        ps.executeUpdate();
      }
    }
    return null;
  }

  /** The statements of a script: split at semicolons, comments dropped. */
  static List<String> statements(String script) {
    String text;
    try (InputStream in = Migrations.class.getResourceAsStream("db/" + script)) {
      if (in == null) {
        throw new IllegalStateException("migration script db/" + script + " is missing");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder sql = new StringBuilder();
    for (String line : text.split("\n")) {
      if (!line.strip().startsWith("--")) {
        sql.append(line).append('\n');
      }
    }
    return java.util.Arrays.stream(sql.toString().split(";"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
