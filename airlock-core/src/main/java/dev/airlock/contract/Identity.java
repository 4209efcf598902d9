package dev.airlock.contract;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A user as an {@code authenticate} plugin established it; the input of {@code authorize}.
 *
 * @param userId a stable user id
 * @param username the login name
 * @param roles the user's roles
 * @param tenantId the tenant, in multi-tenant setups
 * @param claims further claims (e.g. from a token)
 */
public record Identity(
    String userId,
    String username,
    List<String> roles,
    Optional<String> tenantId,
    Map<String, String> claims) {

  /** Checks the fields and copies the collections. */
  public Identity {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(username, "username");
    roles = List.copyOf(roles);
    Objects.requireNonNull(tenantId, "tenantId");
    claims = Map.copyOf(claims);
  }
}
