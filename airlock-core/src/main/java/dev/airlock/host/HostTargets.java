package dev.airlock.host;

import dev.airlock.contract.HookTarget;
import dev.airlock.contract.HookTargets;
import dev.airlock.runtime.CallResult;
import dev.airlock.runtime.PluginException;
import java.util.List;
import java.util.Set;

/**
 * The host's plugins as the contract facades see them: enabled plugins that serve a hook, in the
 * host's dispatch order; each call goes through {@link PluginHost#call}, so it is counted and
 * reaches the version serving at that moment.
 */
final class HostTargets implements HookTargets {
  private final PluginHost host;

  HostTargets(PluginHost host) {
    this.host = host;
  }

  @Override
  public List<HookTarget> withHook(String hook) {
    return host.ordered().stream()
        .filter(
            e ->
                e.status == PluginStatus.ENABLED
                    && e.current != null
                    && e.current.artefact.artefact().manifest().hooks().contains(hook))
        .map(e -> (HookTarget) new Target(host, e.name))
        .toList();
  }

  private record Target(PluginHost host, String name) implements HookTarget {
    @Override
    public Set<String> hooks() {
      return host.plugin(name)
          .flatMap(PluginInfo::manifest)
          .map(m -> Set.copyOf(m.hooks()))
          .orElse(Set.of());
    }

    @Override
    public CallResult call(String hook, byte[] input) throws PluginException {
      try {
        return host.call(name, hook, input);
      } catch (HostException e) {
        // Disabled or removed since the facade listed it: the dispatch's failure policy decides.
        throw new PluginException(name, hook, e.getMessage(), e);
      }
    }
  }
}
