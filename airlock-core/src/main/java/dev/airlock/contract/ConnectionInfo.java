package dev.airlock.contract;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A client connection, for {@code on_connect} and {@code on_disconnect}.
 *
 * @param connectionId the proxy's id for the connection
 * @param clientAddress the client's address
 * @param username the user name, once known
 * @param database the database, once known
 * @param attributes free-form attributes the host passes on
 */
public record ConnectionInfo(
    String connectionId,
    String clientAddress,
    Optional<String> username,
    Optional<String> database,
    Map<String, String> attributes) {

  /** Checks the fields and copies the map. */
  public ConnectionInfo {
    Objects.requireNonNull(connectionId, "connectionId");
    Objects.requireNonNull(clientAddress, "clientAddress");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(database, "database");
    attributes = Map.copyOf(attributes);
  }
}
