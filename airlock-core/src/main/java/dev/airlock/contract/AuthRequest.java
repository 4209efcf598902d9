package dev.airlock.contract;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A login attempt, for {@code authenticate}.
 *
 * @param username the user name given, if any
 * @param password the password given, if any (never shown by {@link #toString()})
 * @param clientAddress the client's address
 * @param database the database asked for, if any
 * @param headers protocol headers or startup parameters (e.g. {@code authorization})
 */
public record AuthRequest(
    Optional<String> username,
    Optional<String> password,
    String clientAddress,
    Optional<String> database,
    Map<String, String> headers) {

  /** Checks the fields and copies the map. */
  public AuthRequest {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(database, "database");
    headers = Map.copyOf(headers);
  }

  /** Shows the fields, the password and header values masked: requests end up in logs. */
  @Override
  public String toString() {
    return "AuthRequest[username="
        + username
        + ", password="
        + password.map(p -> "***")
        + ", clientAddress="
        + clientAddress
        + ", database="
        + database
        + ", headers="
        + headers.keySet()
        + "]";
  }
}
