package dev.airlock.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * The server's database: one JDBC connection, opened lazily and reopened after a failure, so a
 * restarted PostgreSQL is picked up by the next request. Work runs in one transaction at a time;
 * the hot path (invoke) never touches the database. Thread-safe.
 */
final class Database implements AutoCloseable {
  /** SQL work inside a transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final String url;
  private final boolean postgres;
  private Connection connection;

  private Database(String url) {
    this.url = url;
    this.postgres = url.startsWith("jdbc:postgresql:");
  }

  /**
   * Connects and runs the migrations.
   *
   * @throws ServerStartException when the database cannot be reached or migrated
   */
  static Database open(String url) throws ServerStartException {
    if (!url.startsWith("jdbc:sqlite:") && !url.startsWith("jdbc:postgresql:")) {
      throw new ServerStartException(
          "--database must be a jdbc:sqlite: or jdbc:postgresql: URL, got '" + redact(url) + "'");
    }
    Database db = new Database(url);
    try {
      db.transaction(Migrations::run);
    } catch (Migrations.TooNew e) {
      db.close();
      throw new ServerStartException(
          "cannot use the database at " + redact(url) + ": " + e.getMessage());
    } catch (ApiException e) {
      db.close();
      throw new ServerStartException(
          "cannot use the database at "
              + redact(url)
              + ": "
              + e.getMessage()
              + " (check that it runs and that the URL, user and password are right)");
    }
    return db;
  }

  /** The URL without a password, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  boolean postgres() {
    return postgres;
  }

  /**
   * Runs work in a transaction, committing at the end.
   *
   * @throws ApiException 503 when the database cannot be reached, 500 for another SQL failure
   */
  synchronized <T> T transaction(Work<T> work) {
    try {
      Connection c = connection();
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private ApiException failure(SQLException e) {
    boolean lost = isConnectionProblem(e);
    if (lost) {
      closeQuietly();
    }
    String what = postgres ? "PostgreSQL" : "SQLite";
    return lost
        ? new ApiException(
            503,
            "database_unavailable",
            "the database ("
                + what
                + ") cannot be reached: "
                + oneLine(e)
                + "; nothing was changed, retry when it is back")
        : new ApiException(500, "database_error", "database error (" + what + "): " + oneLine(e));
  }

  private boolean isConnectionProblem(SQLException e) {
    String state = e.getSQLState();
    if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
      return true;
    }
    try {
      return connection == null || connection.isClosed() || !connection.isValid(2);
    } catch (SQLException ignored) {
      return true;
    }
  }

  private static String oneLine(SQLException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).trim();
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Properties p = new Properties();
      if (postgres) {
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "30");
        p.setProperty("loginTimeout", "5");
        p.setProperty("tcpKeepAlive", "true");
      }
      Connection c = DriverManager.getConnection(url, p);
      if (!postgres) {
        try (var s = c.createStatement()) {
          s.execute("PRAGMA journal_mode=WAL");
          s.execute("PRAGMA synchronous=FULL");
          s.execute("PRAGMA busy_timeout=5000");
        }
      }
      c.setAutoCommit(false);
      connection = c;
    }
    return connection;
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is gone; it is reopened on the next transaction
    }
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // closing a broken connection
      }
      connection = null;
    }
  }

  /** The kind of database, for /ready and messages. */
  String kind() {
    return postgres ? "postgresql" : "sqlite";
  }

  /** Whether the database answers a trivial query now. */
  boolean ping() {
    try {
      return transaction(
          c -> {
            try (var s = c.createStatement()) {
              s.execute("SELECT 1");
            }
            return true;
          });
    } catch (ApiException e) {
      return false;
    }
  }

  @Override
  public synchronized void close() {
    closeQuietly();
  }

  @Override
  public String toString() {
    return kind().toUpperCase(Locale.ROOT) + " " + redact(url);
  }
}
