package dev.airlock.server;

import dev.airlock.host.HostException;
import java.util.Map;

/** How the host's refusals become HTTP errors. */
final class HostErrors {
  private HostErrors() {}

  static ApiException map(HostException e) {
    return switch (e.reason()) {
      case NOT_FOUND -> ApiException.notFound(e.getMessage());
      case INVALID_CONFIG ->
          new ApiException(422, "invalid_config", e.getMessage(), Map.of("problems", e.problems()));
      case WRONG_STATE -> new ApiException(409, "wrong_state", e.getMessage());
    };
  }
}
