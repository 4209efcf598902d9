package dev.airlock.contract;

import java.util.Objects;

/**
 * What the {@code post_query} plugins made of a result. Each plugin replies with no output or
 * {@code {"action":"continue"}}, {@code {"action":"rewrite","rows":[[…]]}} (same columns), or
 * {@code {"action":"block","reason":"…"}}.
 */
public sealed interface PostQueryResult permits PostQueryResult.Pass, PostQueryResult.Withhold {

  /**
   * Send these rows to the client.
   *
   * @param result the rows, as the last rewriting plugin left them
   * @param rewritten whether any plugin changed them
   */
  record Pass(ResultSet result, boolean rewritten) implements PostQueryResult {
    /** Checks the result is present. */
    public Pass {
      Objects.requireNonNull(result, "result");
    }
  }

  /**
   * Do not send the rows; send this error instead.
   *
   * @param reason the message for the client
   */
  record Withhold(String reason) implements PostQueryResult {
    /** Checks the reason is present. */
    public Withhold {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
