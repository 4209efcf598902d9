package dev.airlock.contract;

import java.util.Objects;

/**
 * What {@code authenticate} decided. Wire form: no output or {@code {"action":"defer"}}, {@code
 * {"action":"success","identity":{…}}}, {@code {"action":"denied","reason":"…"}}.
 */
public sealed interface AuthResult permits AuthResult.Success, AuthResult.Denied, AuthResult.Defer {

  /** No plugin decided: the proxy's own authentication applies. */
  AuthResult DEFER = new Defer();

  /**
   * The user is who they claim to be.
   *
   * @param identity the established identity
   */
  record Success(Identity identity) implements AuthResult {
    /** Checks the identity is present. */
    public Success {
      Objects.requireNonNull(identity, "identity");
    }
  }

  /**
   * The login is refused.
   *
   * @param reason the message for the client
   */
  record Denied(String reason) implements AuthResult {
    /** Checks the reason is present. */
    public Denied {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** This plugin does not decide; ask the next one. */
  record Defer() implements AuthResult {}
}
