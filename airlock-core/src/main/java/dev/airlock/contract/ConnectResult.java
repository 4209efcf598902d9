package dev.airlock.contract;

import java.util.Objects;

/**
 * What {@code on_connect} decided. Wire form: no output or {@code {"action":"accept"}}, {@code
 * {"action":"reject","reason":"…"}}.
 */
public sealed interface ConnectResult permits ConnectResult.Accept, ConnectResult.Reject {

  /** Keep the connection. */
  ConnectResult ACCEPT = new Accept();

  /** Keep the connection. */
  record Accept() implements ConnectResult {}

  /**
   * Close the connection.
   *
   * @param reason the message for the client
   */
  record Reject(String reason) implements ConnectResult {
    /** Checks the reason is present. */
    public Reject {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
