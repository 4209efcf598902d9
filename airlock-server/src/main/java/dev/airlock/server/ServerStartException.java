package dev.airlock.server;

import dev.airlock.AirlockException;

/** The server cannot start: the database is unreachable, the port taken, a setting wrong. */
public final class ServerStartException extends AirlockException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates one.
   *
   * @param message what failed and what to do
   */
  public ServerStartException(String message) {
    super(message);
  }

  /**
   * Creates one with a cause.
   *
   * @param message what failed and what to do
   * @param cause the cause
   */
  public ServerStartException(String message, Throwable cause) {
    super(message, null, null, cause);
  }
}
