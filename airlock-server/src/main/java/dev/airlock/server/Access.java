package dev.airlock.server;

/** Who may call a route. */
enum Access {
  /** Anyone: health, readiness, the OpenAPI document. */
  PUBLIC(null),
  /** Any valid token. */
  ANY(null),
  /** A token with {@code read}. */
  READ(Scope.READ),
  /** A token with {@code invoke}. */
  INVOKE(Scope.INVOKE),
  /** A token with {@code admin}. */
  ADMIN(Scope.ADMIN);

  final Scope scope;

  Access(Scope scope) {
    this.scope = scope;
  }

  /** The label in the OpenAPI document's {@code x-airlock-access}. */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
