package dev.airlock.contract;

import dev.airlock.contract.HookFailure.Reason;
import dev.airlock.runtime.PluginErrorException;
import dev.airlock.runtime.PluginException;
import dev.airlock.runtime.PluginLimitException;
import dev.airlock.runtime.PluginTimeoutException;
import dev.airlock.runtime.PluginTrapException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Calls plugins for the facades: one call at a time, every failure typed, named and run through the
 * {@link FailurePolicy}. The fan-out rules themselves live in the facades.
 */
final class Dispatcher {
  private static final System.Logger LOG = System.getLogger("dev.airlock.contract");

  /** Turns a plugin's output into the hook's typed answer. */
  interface Decoder<T> {
    T decode(byte[] output) throws BadReply;
  }

  /** One call's answer: a value, or a failure with its mode already chosen. */
  record Reply<T>(HookTarget target, T value, HookFailure failure) {
    boolean failed() {
      return failure != null;
    }

    boolean failedClosed() {
      return failure != null && failure.mode() == FailureMode.FAIL_CLOSED;
    }
  }

  private final HookTargets targets;
  private final FailurePolicy policy;

  Dispatcher(HookTargets targets, FailurePolicy policy) {
    this.targets = Objects.requireNonNull(targets, "targets");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  List<HookTarget> targets(String hook) {
    return List.copyOf(Objects.requireNonNull(targets.withHook(hook), "withHook returned null"));
  }

  <T> Reply<T> call(HookTarget target, String hook, byte[] input, Decoder<T> decoder) {
    if (!target.hooks().contains(hook)) {
      return failed(
          target,
          hook,
          Reason.UNAVAILABLE,
          prefix(target.name(), hook)
              + "is not served by this plugin (hooks: "
              + new java.util.TreeSet<>(target.hooks())
              + ")");
    }
    byte[] output;
    try {
      output = target.call(hook, input).output();
    } catch (PluginException e) {
      return failed(target, hook, reason(e), describe(e, target.name(), hook));
    } catch (RuntimeException e) {
      return failed(
          target,
          hook,
          Reason.UNAVAILABLE,
          prefix(target.name(), hook) + "could not be called: " + e);
    }
    try {
      return new Reply<>(target, decoder.decode(output), null);
    } catch (BadReply e) {
      String what = e.reason == Reason.MALFORMED_OUTPUT ? "returned malformed output: " : "";
      return failed(target, hook, e.reason, prefix(target.name(), hook) + what + e.getMessage());
    } catch (RuntimeException e) {
      // Output the decoders did not foresee is still the plugin's output, not the host's problem.
      return failed(
          target,
          hook,
          Reason.MALFORMED_OUTPUT,
          prefix(target.name(), hook) + "returned output the host could not read: " + e);
    }
  }

  /**
   * The common fan-out: plugins in order until one answers something other than the neutral value
   * (or fails closed); the neutral value when none does.
   */
  <T> HookOutcome<T> untilDecided(
      String hook,
      byte[] input,
      Decoder<T> decoder,
      Predicate<T> neutral,
      T fallback,
      Function<HookFailure, T> closed) {
    Trace trace = new Trace();
    for (HookTarget t : targets(hook)) {
      Reply<T> r = trace.add(call(t, hook, input, decoder));
      if (r.failedClosed()) {
        return trace.outcome(closed.apply(r.failure()), t.name());
      }
      if (!r.failed() && !neutral.test(r.value())) {
        return trace.outcome(r.value(), t.name());
      }
    }
    return trace.outcome(fallback, null);
  }

  /** The reason given to clients when a failure decided: short, no plugin internals. */
  static String closedReason(HookFailure f) {
    return "plugin '" + f.plugin() + "' failed; hook '" + f.hook() + "' fails closed";
  }

  private <T> Reply<T> failed(HookTarget target, String hook, Reason reason, String message) {
    // An interrupted caller wants to stop: never treat the rest as "allowed".
    FailureMode mode =
        Thread.currentThread().isInterrupted()
            ? FailureMode.FAIL_CLOSED
            : policy.mode(target.name(), hook);
    HookFailure f = new HookFailure(target.name(), hook, reason, message, mode);
    LOG.log(
        Level.WARNING,
        "{0} ({1})",
        message,
        mode == FailureMode.FAIL_OPEN ? "fail-open: skipped" : "fail-closed: decides");
    return new Reply<>(target, null, f);
  }

  private static Reason reason(PluginException e) {
    if (e instanceof PluginTimeoutException) {
      return Reason.TIMEOUT;
    }
    if (e instanceof PluginLimitException) {
      return Reason.LIMIT;
    }
    if (e instanceof PluginTrapException) {
      return Reason.TRAP;
    }
    if (e instanceof PluginErrorException) {
      return Reason.PLUGIN_ERROR;
    }
    return Reason.UNAVAILABLE;
  }

  private static String describe(PluginException e, String plugin, String hook) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (m.startsWith("plugin '" + plugin + "'")) {
      return m; // runtime messages already name the plugin and hook
    }
    return prefix(plugin, hook)
        + (e instanceof PluginErrorException ? "reported an error: " : "")
        + m;
  }

  private static String prefix(String plugin, String hook) {
    return "plugin '" + plugin + "' hook '" + hook + "' ";
  }
}
