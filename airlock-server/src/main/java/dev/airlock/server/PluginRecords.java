package dev.airlock.server;

import dev.airlock.host.HostEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code plugins}, {@code plugin_versions} and {@code events} tables. */
final class PluginRecords {
  /**
   * An installed plugin: which blobs serve it (module, signature, a bare module's sidecar manifest)
   * and under which file names.
   */
  record Installed(
      String id,
      String version,
      String fileName,
      String blobDigest,
      String signatureDigest,
      String sidecarName,
      String sidecarDigest,
      String source,
      long installedAt,
      long updatedAt) {
    /** The sidecar manifest's file name in the plugins directory, if any. */
    Optional<String> sidecarFileName() {
      return Optional.ofNullable(sidecarName);
    }

    /** The digests of the blobs this record uses: module, signature and sidecar manifest. */
    List<String> digests() {
      List<String> d = new ArrayList<>(List.of(blobDigest));
      if (signatureDigest != null) {
        d.add(signatureDigest);
      }
      if (sidecarDigest != null) {
        d.add(sidecarDigest);
      }
      return d;
    }

    /** The sidecar signature's file name in the plugins directory, if any. */
    Optional<String> signatureFileName() {
      if (signatureDigest == null) {
        return Optional.empty();
      }
      return Optional.of(
          fileName.endsWith(".wasm")
              ? fileName.substring(0, fileName.length() - 5) + ".sig"
              : fileName + ".sig");
    }
  }

  private PluginRecords() {}

  static List<Installed> all(Connection c) throws SQLException {
    List<Installed> all = new ArrayList<>();
    try (var s = c.createStatement();
        var rs = s.executeQuery("SELECT * FROM plugins ORDER BY id")) {
      while (rs.next()) {
        all.add(row(rs));
      }
    }
    return all;
  }

  static Optional<Installed> find(Connection c, String id) throws SQLException {
    try (var ps = c.prepareStatement("SELECT * FROM plugins WHERE id = ?")) {
      ps.setString(1, id);
      try (var rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  private static Installed row(ResultSet rs) throws SQLException {
    return new Installed(
        rs.getString("id"),
        rs.getString("version"),
        rs.getString("file_name"),
        rs.getString("blob_digest").strip(),
        Optional.ofNullable(rs.getString("signature_digest")).map(String::strip).orElse(null),
        rs.getString("sidecar_name"),
        Optional.ofNullable(rs.getString("sidecar_digest")).map(String::strip).orElse(null),
        rs.getString("source"),
        rs.getLong("installed_at"),
        rs.getLong("updated_at"));
  }

  /** Inserts or replaces a plugin's row and records the version in its history. */
  static void put(Connection c, Installed p) throws SQLException {
    delete(c, p.id());
    try (var ps =
        c.prepareStatement(
            "INSERT INTO plugins (id, version, file_name, blob_digest, signature_digest,"
                + " sidecar_name, sidecar_digest, source, installed_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, p.id());
      ps.setString(2, p.version());
      ps.setString(3, p.fileName());
      ps.setString(4, p.blobDigest());
      ps.setString(5, p.signatureDigest());
      ps.setString(6, p.sidecarName());
      ps.setString(7, p.sidecarDigest());
      ps.setString(8, p.source());
      ps.setLong(9, p.installedAt());
      ps.setLong(10, p.updatedAt());
      ps.executeUpdate();
    }
    try (var ps =
        c.prepareStatement(
            "INSERT INTO plugin_versions (plugin_id, version, blob_digest, source, installed_at)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, p.id());
      ps.setString(2, p.version());
      ps.setString(3, p.blobDigest());
      ps.setString(4, p.source());
      ps.setLong(5, p.updatedAt());
      ps.executeUpdate();
    }
  }

  static void delete(Connection c, String id) throws SQLException {
    try (var ps = c.prepareStatement("DELETE FROM plugins WHERE id = ?")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }

  static void deleteHistory(Connection c, String id) throws SQLException {
    try (var ps = c.prepareStatement("DELETE FROM plugin_versions WHERE plugin_id = ?")) {
      ps.setString(1, id);
      ps.executeUpdate();
    }
  }

  static Void addEvent(Connection c, HostEvent e) throws SQLException {
    try (var ps =
        c.prepareStatement("INSERT INTO events (plugin_id, at, type, message) VALUES (?,?,?,?)")) {
      ps.setString(1, truncate(e.plugin(), 256));
      ps.setLong(2, e.time().toEpochMilli());
      ps.setString(3, e.type().name());
      ps.setString(4, truncate(e.message(), 8000));
      ps.executeUpdate();
    }
    return null;
  }

  /** A stored event. */
  record StoredEvent(long at, String type, String message) {}

  static List<StoredEvent> events(Connection c, String id, int limit) throws SQLException {
    List<StoredEvent> all = new ArrayList<>();
    try (var ps =
        c.prepareStatement(
            "SELECT at, type, message FROM events WHERE plugin_id = ? ORDER BY at DESC LIMIT ?")) {
      ps.setString(1, id);
      ps.setInt(2, limit);
      try (var rs = ps.executeQuery()) {
        while (rs.next()) {
          all.add(new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3)));
        }
      }
    }
    return all.reversed();
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
