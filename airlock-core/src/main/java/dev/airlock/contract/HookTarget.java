package dev.airlock.contract;

import dev.airlock.runtime.CallResult;
import dev.airlock.runtime.Plugin;
import dev.airlock.runtime.PluginException;
import java.util.Set;

/**
 * One plugin as the dispatch sees it: a name, the hooks it serves and a way to call them. A host
 * implements it to count calls, route each call to the version serving now during a hot reload, or
 * refuse calls to a plugin being disabled; {@link #of(Plugin)} adapts a loaded {@link Plugin}
 * directly, for tests and simple embedders.
 *
 * <p>Implementations must be thread-safe: facades call them from the caller's thread.
 */
public interface HookTarget {
  /**
   * The plugin's name, used in logs, {@link HookOutcome#decidedBy()} and {@link FailurePolicy}.
   *
   * @return the name
   */
  String name();

  /**
   * The hooks this plugin serves.
   *
   * @return hook names, e.g. {@code pre_query}
   */
  Set<String> hooks();

  /**
   * Calls one hook.
   *
   * @param hook one of {@link #hooks()}
   * @param input the input bytes (JSON or an envelope, see docs/contracts/README.md)
   * @return the call's output
   * @throws PluginException when the call failed; the dispatch applies the hook's {@link
   *     FailureMode}. A {@link RuntimeException} is treated the same way, as an unavailable plugin.
   */
  CallResult call(String hook, byte[] input) throws PluginException;

  /**
   * Adapts a loaded plugin: its manifest name and hooks, calls straight to {@link Plugin#call}.
   *
   * @param plugin the plugin
   * @return a target for it
   */
  static HookTarget of(Plugin plugin) {
    return new PluginTarget(plugin);
  }
}
