package dev.airlock.runtime;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.wasi.WasiExitException;
import dev.airlock.runtime.PluginTrapException.Kind;
import java.time.Duration;
import java.util.Locale;

/** Turns whatever a call threw into the typed exception a host can act on. */
final class Failures {
  private Failures() {}

  static PluginException map(Throwable t, CallState call, Watchdog.Guard guard) {
    String plugin = call.plugin.name;
    String hook = call.hook;
    PluginTimeoutException.Budget budget = guard.expired();
    if (budget != null) {
      Duration limit =
          budget == PluginTimeoutException.Budget.CPU
              ? call.plugin.limits.cpuTime()
              : call.plugin.limits.timeout();
      return new PluginTimeoutException(
          plugin, hook, budget, limit, Duration.ofNanos(guard.elapsedNanos()));
    }
    String prefix = "plugin '" + plugin + "' hook '" + hook + "' ";
    if (t instanceof AbiViolation v) {
      if (v.isLimit()) {
        return new PluginLimitException(
            plugin, hook, prefix + "hit a limit: " + v.getMessage(), v.limit, v.requested);
      }
      return new PluginTrapException(
          plugin,
          hook,
          v.denied ? Kind.DENIED : Kind.ABI_VIOLATION,
          prefix + (v.denied ? "was denied: " : "broke its ABI: ") + v.getMessage(),
          null);
    }
    if (t instanceof WasiExitException e) {
      return new PluginTrapException(
          plugin, hook, Kind.EXIT, prefix + "called proc_exit(" + e.exitCode() + ")", t);
    }
    if (t instanceof ChicoryInterruptedException) {
      Thread.currentThread().interrupt(); // not ours: the caller's own interrupt stays set
      return new PluginException(plugin, hook, prefix + "was interrupted by its caller", t);
    }
    if (t instanceof StackOverflowError) {
      return new PluginTrapException(
          plugin, hook, Kind.STACK_EXHAUSTED, prefix + "trapped: call stack exhausted", t);
    }
    String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    Kind kind = kind(t, message.toLowerCase(Locale.ROOT));
    return new PluginTrapException(plugin, hook, kind, prefix + "trapped: " + message, t);
  }

  private static Kind kind(Throwable t, String m) {
    if (t instanceof ArithmeticException && m.contains("zero")) {
      return Kind.DIVIDE_BY_ZERO;
    }
    if (m.contains("unreachable")) {
      return Kind.UNREACHABLE;
    }
    if (m.contains("call stack exhausted")) {
      return Kind.STACK_EXHAUSTED;
    }
    if (m.contains("out of bounds memory")) {
      return Kind.OUT_OF_BOUNDS_MEMORY;
    }
    if (m.contains("indirect call type mismatch") || m.contains("type mismatch")) {
      return Kind.INDIRECT_CALL_TYPE_MISMATCH;
    }
    if (m.contains("out of bounds table")
        || m.contains("undefined element")
        || m.contains("uninitialized element")
        || m.contains("null function")) {
      return Kind.OUT_OF_BOUNDS_TABLE;
    }
    if (m.contains("divide by zero") || m.contains("division by zero")) {
      return Kind.DIVIDE_BY_ZERO;
    }
    if (m.contains("integer overflow")) {
      return Kind.INTEGER_OVERFLOW;
    }
    if (m.contains("invalid conversion")) {
      return Kind.INVALID_CONVERSION;
    }
    return Kind.OTHER;
  }
}
