package dev.airlock.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * A call's result and where its time went.
 *
 * @param result the call's result
 * @param instantiate getting an instance: a new one (start section, {@code _initialize}) or one
 *     from the pool
 * @param copyIn copying the input into the plugin
 * @param guest running the hook itself
 * @param copyOut copying the output out and freeing the buffers
 */
public record CallProfile(
    CallResult result, Duration instantiate, Duration copyIn, Duration guest, Duration copyOut) {
  /** Checks for nulls. */
  public CallProfile {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(instantiate, "instantiate");
    Objects.requireNonNull(copyIn, "copyIn");
    Objects.requireNonNull(guest, "guest");
    Objects.requireNonNull(copyOut, "copyOut");
  }
}
