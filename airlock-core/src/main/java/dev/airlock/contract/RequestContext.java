package dev.airlock.contract;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is asking, for query hooks: sent to plugins as the {@code "context"} object.
 *
 * @param requestId the proxy's id for this request, for logs
 * @param clientId the client application, if known
 * @param identity the authenticated user id, if any
 * @param database the database addressed, if known
 * @param branch the database branch addressed, if any
 * @param attributes free-form request attributes (e.g. {@code tenant_id}) the host passes on
 */
public record RequestContext(
    String requestId,
    Optional<String> clientId,
    Optional<String> identity,
    Optional<String> database,
    Optional<String> branch,
    Map<String, String> attributes) {

  /** Checks the fields and copies the map. */
  public RequestContext {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(branch, "branch");
    attributes = Map.copyOf(attributes);
  }

  /**
   * A context with only a request id.
   *
   * @param requestId the request id
   * @return the context
   */
  public static RequestContext of(String requestId) {
    return new RequestContext(
        requestId,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Map.of());
  }
}
