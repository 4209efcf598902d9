package dev.airlock.contract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@link HookTargets#of} and {@link HookTargets#ordered}: a fixed, ordered list. */
final class FixedTargets implements HookTargets {
  private final List<HookTarget> targets;

  FixedTargets(List<? extends HookTarget> targets) {
    this.targets = List.copyOf(targets);
    Set<String> names = new HashSet<>();
    for (HookTarget t : this.targets) {
      if (!names.add(t.name())) {
        throw new IllegalArgumentException(
            "targets: two plugins are named '" + t.name() + "'; names must be unique");
      }
    }
  }

  static List<HookTarget> sort(Collection<? extends HookTarget> targets, List<String> first) {
    Map<String, Integer> rank = new HashMap<>();
    for (String name : first) {
      rank.putIfAbsent(name, rank.size());
    }
    List<HookTarget> sorted = new ArrayList<>(targets);
    sorted.sort(
        Comparator.<HookTarget>comparingInt(t -> rank.getOrDefault(t.name(), Integer.MAX_VALUE))
            .thenComparing(HookTarget::name));
    return sorted;
  }

  @Override
  public List<HookTarget> withHook(String hook) {
    List<HookTarget> out = new ArrayList<>(targets.size());
    for (HookTarget t : targets) {
      if (t.hooks().contains(hook)) {
        out.add(t);
      }
    }
    return out;
  }
}
