package dev.airlock.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Bearer tokens: {@code alk_} and 43 random base64url characters. Only the SHA-256 of a token is
 * stored; a presented token is hashed and compared with every active hash in constant time. The
 * active hashes are kept in memory (the hot path never waits for the database) and re-read at most
 * once a second when an unknown token shows up, so tokens made by {@code airlock token create} work
 * without a restart. Thread-safe.
 */
final class Tokens {
  /** A stored token, without its secret. */
  record Token(String id, String name, Set<Scope> scopes, long createdAt, Long revokedAt) {
    boolean allows(Scope needed) {
      return revokedAt == null && (scopes.contains(needed) || scopes.contains(Scope.ADMIN));
    }
  }

  /** A token just made: the secret is shown once. */
  record Created(Token token, String secret) {}

  private record Active(byte[] hash, Token token) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Database db;
  private volatile List<Active> active = List.of();
  private volatile long lastRefresh;

  Tokens(Database db) {
    this.db = db;
  }

  /** Reads the active tokens from the database. */
  void refresh() {
    active = db.transaction(Tokens::readActive);
    lastRefresh = System.nanoTime();
  }

  /**
   * The token a secret stands for.
   *
   * @return the token, or empty when the secret matches no active token
   */
  Optional<Token> verify(String secret) {
    byte[] hash = hash(secret);
    Optional<Token> found = match(hash);
    if (found.isEmpty() && System.nanoTime() - lastRefresh > 1_000_000_000L) {
      try {
        refresh();
      } catch (ApiException e) {
        return Optional.empty(); // the database is down: only known tokens work
      }
      found = match(hash);
    }
    return found;
  }

  private Optional<Token> match(byte[] hash) {
    Token hit = null;
    for (Active a : active) { // no early exit: the time does not depend on which token matched
      if (MessageDigest.isEqual(a.hash, hash)) {
        hit = a.token;
      }
    }
    return Optional.ofNullable(hit);
  }

  Created create(String name, Set<Scope> scopes) {
    Created c = db.transaction(conn -> insert(conn, name, scopes, newSecret()));
    refresh();
    return c;
  }

  /** Stores a given secret (the bootstrap token from AIRLOCK_ADMIN_TOKEN) unless known. */
  void ensure(String name, String secret, Set<Scope> scopes) {
    db.transaction(
        conn -> {
          for (Active a : readActive(conn)) {
            if (MessageDigest.isEqual(a.hash, hash(secret))) {
              return null;
            }
          }
          return insert(conn, name, scopes, secret);
        });
    refresh();
  }

  boolean anyAdmin() {
    return active.stream().anyMatch(a -> a.token.scopes.contains(Scope.ADMIN));
  }

  List<Token> list() {
    return db.transaction(
        conn -> {
          List<Token> all = new ArrayList<>();
          try (var s = conn.createStatement();
              var rs =
                  s.executeQuery(
                      "SELECT id, name, scopes, created_at, revoked_at FROM tokens ORDER BY"
                          + " created_at, id")) {
            while (rs.next()) {
              long revoked = rs.getLong(5);
              all.add(
                  new Token(
                      rs.getString(1),
                      rs.getString(2),
                      scopes(rs.getString(3)),
                      rs.getLong(4),
                      rs.wasNull() ? null : revoked));
            }
          }
          return all;
        });
  }

  boolean revoke(String id) {
    int n =
        db.transaction(
            conn -> {
              try (var ps =
                  conn.prepareStatement(
                      "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setLong(1, System.currentTimeMillis());
                ps.setString(2, id);
                return ps.executeUpdate();
              }
            });
    refresh();
    return n > 0;
  }

  static Created insert(Connection c, String name, Set<Scope> scopes, String secret)
      throws SQLException {
    byte[] idBytes = new byte[6];
    RANDOM.nextBytes(idBytes);
    Token t =
        new Token(
            "tok_" + HexFormat.of().formatHex(idBytes),
            name,
            Set.copyOf(scopes),
            System.currentTimeMillis(),
            null);
    try (var ps =
        c.prepareStatement(
            "INSERT INTO tokens (id, name, hash, scopes, created_at) VALUES (?, ?, ?, ?, ?)")) {
      ps.setString(1, t.id());
      ps.setString(2, name);
      ps.setString(3, HexFormat.of().formatHex(hash(secret)));
      ps.setString(4, label(scopes));
      ps.setLong(5, t.createdAt());
      ps.executeUpdate();
    }
    return new Created(t, secret);
  }

  private static List<Active> readActive(Connection c) throws SQLException {
    List<Active> all = new ArrayList<>();
    try (var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT id, name, hash, scopes, created_at FROM tokens WHERE revoked_at IS NULL")) {
      while (rs.next()) {
        all.add(
            new Active(
                HexFormat.of().parseHex(rs.getString(3).strip()),
                new Token(
                    rs.getString(1),
                    rs.getString(2),
                    scopes(rs.getString(4)),
                    rs.getLong(5),
                    null)));
      }
    }
    return List.copyOf(all);
  }

  static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "alk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });

  static byte[] hash(String secret) {
    MessageDigest md = SHA256.get();
    md.reset();
    return md.digest(secret.getBytes(StandardCharsets.UTF_8));
  }

  static String label(Set<Scope> scopes) {
    return scopes.stream().sorted().map(Scope::label).collect(Collectors.joining(","));
  }

  static Set<Scope> scopes(String text) {
    Set<Scope> s = EnumSet.noneOf(Scope.class);
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        s.add(Scope.parse(part));
      }
    }
    return s;
  }
}
