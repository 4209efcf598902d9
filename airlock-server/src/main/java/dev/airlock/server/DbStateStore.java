package dev.airlock.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.host.StateStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The host's {@link StateStore} in the server's database (table {@code plugin_state}). */
final class DbStateStore implements StateStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Database db;

  DbStateStore(Database db) {
    this.db = db;
  }

  @Override
  public Map<String, Entry> load() throws IOException {
    try {
      return db.transaction(DbStateStore::loadAll);
    } catch (ApiException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  static Map<String, Entry> loadAll(Connection c) throws SQLException {
    Map<String, Entry> all = new HashMap<>();
    try (var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT plugin_id, enabled, config, highest_version FROM plugin_state")) {
      while (rs.next()) {
        int enabled = rs.getInt(2);
        Optional<Boolean> flag = rs.wasNull() ? Optional.empty() : Optional.of(enabled != 0);
        all.put(
            rs.getString(1),
            new Entry(flag, parse(rs.getString(3)), Optional.ofNullable(rs.getString(4))));
      }
    }
    return all;
  }

  @Override
  public void save(String plugin, Entry entry) throws IOException {
    try {
      db.transaction(c -> save(c, plugin, entry));
    } catch (ApiException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  static Void save(Connection c, String plugin, Entry entry) throws SQLException {
    try (var ps =
        c.prepareStatement(
            "INSERT INTO plugin_state (plugin_id, enabled, config, highest_version)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (plugin_id) DO UPDATE SET"
                + " enabled = EXCLUDED.enabled, config = EXCLUDED.config,"
                + " highest_version = EXCLUDED.highest_version")) {
      ps.setString(1, plugin);
      if (entry.enabled().isPresent()) {
        ps.setInt(2, entry.enabled().get() ? 1 : 0);
      } else {
        ps.setNull(2, Types.SMALLINT);
      }
      ps.setString(3, write(entry.config()));
      ps.setString(4, entry.highestVersion().orElse(null));
      ps.executeUpdate();
    }
    return null;
  }

  @Override
  public void delete(String plugin) throws IOException {
    try {
      db.transaction(
          c -> {
            delete(c, plugin);
            return null;
          });
    } catch (ApiException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  static void delete(Connection c, String plugin) throws SQLException {
    try (var ps = c.prepareStatement("DELETE FROM plugin_state WHERE plugin_id = ?")) {
      ps.setString(1, plugin);
      ps.executeUpdate();
    }
  }

  private static Map<String, String> parse(String json) throws SQLException {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (IOException e) {
      throw new SQLException("plugin_state.config is not a JSON object of strings: " + e, e);
    }
  }

  private static String write(Map<String, String> config) throws SQLException {
    try {
      return JSON.writeValueAsString(new java.util.TreeMap<>(config));
    } catch (IOException e) {
      throw new SQLException(e);
    }
  }
}
