package dev.airlock.contract;

/**
 * What a dispatch does when a plugin fails: traps, times out, hits a limit, reports an error, or
 * answers with output the contract does not allow.
 */
public enum FailureMode {
  /**
   * The failure decides: the hook's safe answer (block, deny, reject, withhold) is returned at
   * once, or {@link HookFailedException} is thrown where the hook has no such answer.
   */
  FAIL_CLOSED,
  /**
   * The failure is logged and reported in {@link HookOutcome#failures()}; the plugin counts as
   * having answered the hook's neutral value (continue, defer, default, allowed) and dispatch goes
   * on with the next plugin.
   */
  FAIL_OPEN
}
