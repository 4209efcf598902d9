package dev.airlock.contract;

import java.util.Objects;

/**
 * One plugin call that did not give a usable answer, and what the dispatch did about it.
 *
 * @param plugin the plugin's name
 * @param hook the hook called
 * @param reason how the call failed
 * @param message a sentence naming the plugin and the hook and saying what was wrong
 * @param mode the failure mode applied: {@link FailureMode#FAIL_OPEN} means the plugin was skipped,
 *     {@link FailureMode#FAIL_CLOSED} means this failure decided the outcome
 */
public record HookFailure(
    String plugin, String hook, Reason reason, String message, FailureMode mode) {

  /** How a call failed. */
  public enum Reason {
    /** The plugin trapped or broke its ABI during the call. */
    TRAP,
    /** The call ran past its wall-clock or CPU budget. */
    TIMEOUT,
    /** Input, output, memory or another buffer was over its cap. */
    LIMIT,
    /** The plugin reported an error itself (Extism error, or an {@code "error"} reply). */
    PLUGIN_ERROR,
    /** The output is not what the contract allows: bad JSON, an unknown action, a missing field. */
    MALFORMED_OUTPUT,
    /** The call could not be made: interrupted, plugin closed or disabled, host error. */
    UNAVAILABLE
  }

  /** Checks every field is present. */
  public HookFailure {
    Objects.requireNonNull(plugin, "plugin");
    Objects.requireNonNull(hook, "hook");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(mode, "mode");
  }
}
