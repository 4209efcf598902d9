package dev.airlock.contract;

import java.util.Objects;

/**
 * What {@code authorize} decided about an identity running a query. Wire form: no output or {@code
 * {"action":"defer"}}, {@code {"action":"allow"}}, {@code {"action":"deny","reason":"…"}}.
 */
public sealed interface AuthorizeResult
    permits AuthorizeResult.Allow, AuthorizeResult.Deny, AuthorizeResult.Defer {

  /** Every plugin deferred: the proxy's own rules apply. */
  AuthorizeResult DEFER = new Defer();

  /** At least one plugin allowed and none denied. */
  AuthorizeResult ALLOW = new Allow();

  /** The query may run. */
  record Allow() implements AuthorizeResult {}

  /**
   * The query may not run.
   *
   * @param reason the message for the client
   */
  record Deny(String reason) implements AuthorizeResult {
    /** Checks the reason is present. */
    public Deny {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** This plugin does not decide. */
  record Defer() implements AuthorizeResult {}
}
