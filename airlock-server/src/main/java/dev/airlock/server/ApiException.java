package dev.airlock.server;

import java.util.Map;

/**
 * A request that fails with a known HTTP status; the error mapping renders it as {@code {error,
 * message, details}}.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String error;
  final transient Map<String, Object> details;

  ApiException(int status, String error, String message, Map<String, Object> details) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.details = Map.copyOf(details);
  }

  ApiException(int status, String error, String message) {
    this(status, error, message, Map.of());
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  static ApiException unprocessable(String error, String message) {
    return new ApiException(422, error, message);
  }
}
