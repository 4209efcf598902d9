package dev.airlock.server;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Makes bearer tokens straight in the server's database, for {@code airlock token create}; a
 * running server accepts them at once.
 */
public final class TokenAdmin {
  /**
   * A token just made. Its secret is shown once: only its hash is stored.
   *
   * @param id the token's id (for revoking it)
   * @param secret the bearer token
   * @param scopes its scopes
   */
  public record NewToken(String id, String secret, List<String> scopes) {}

  private TokenAdmin() {}

  /**
   * Creates a token.
   *
   * @param jdbcUrl the server's database
   * @param name a label for people
   * @param scopes {@code read}, {@code invoke} and/or {@code admin}
   * @return the token
   * @throws ServerStartException when the database cannot be used
   * @throws IllegalArgumentException when a scope is unknown or none is given
   */
  public static NewToken create(String jdbcUrl, String name, List<String> scopes)
      throws ServerStartException {
    Set<Scope> set = EnumSet.noneOf(Scope.class);
    for (String s : scopes) {
      set.add(Scope.parse(s));
    }
    if (set.isEmpty()) {
      throw new IllegalArgumentException("give at least one scope: read, invoke or admin");
    }
    try (Database db = Database.open(jdbcUrl)) {
      Tokens.Created c = new Tokens(db).create(name, set);
      return new NewToken(
          c.token().id(),
          c.secret(),
          c.token().scopes().stream().sorted().map(Scope::label).toList());
    } catch (ApiException e) {
      throw new ServerStartException("cannot create the token: " + e.getMessage(), e);
    }
  }
}
