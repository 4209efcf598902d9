package dev.airlock.contract;

import dev.airlock.runtime.CallResult;
import dev.airlock.runtime.Plugin;
import dev.airlock.runtime.PluginException;
import java.util.Objects;
import java.util.Set;

/** {@link HookTarget#of(Plugin)}: a loaded plugin as a target, without a host around it. */
final class PluginTarget implements HookTarget {
  private final Plugin plugin;

  PluginTarget(Plugin plugin) {
    this.plugin = Objects.requireNonNull(plugin, "plugin");
  }

  @Override
  public String name() {
    return plugin.name();
  }

  @Override
  public Set<String> hooks() {
    return plugin.hooks();
  }

  @Override
  public CallResult call(String hook, byte[] input) throws PluginException {
    return plugin.call(hook, input);
  }

  @Override
  public String toString() {
    return "HookTarget[" + plugin.name() + "]";
  }
}
