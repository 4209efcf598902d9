package dev.airlock.contract;

import java.util.Collection;
import java.util.List;

/**
 * The enabled plugins a hook is dispatched to, in dispatch order. The host implements it over its
 * plugin registry; the order it returns is the order fan-out rules apply in ("the first plugin that
 * blocks wins"), so it must be deterministic. {@link #of} and {@link #ordered} are fixed lists for
 * tests and simple embedders.
 *
 * <p>Implementations must be thread-safe; a facade asks once per dispatch.
 */
public interface HookTargets {
  /**
   * The enabled plugins serving a hook, in dispatch order.
   *
   * @param hook the hook, e.g. {@code pre_query}
   * @return the plugins; empty when none serves the hook
   */
  List<HookTarget> withHook(String hook);

  /**
   * A fixed list, dispatched in the order given.
   *
   * @param targets the plugins, in dispatch order; names must be unique
   * @return targets that answer {@link #withHook} with those serving the hook, in that order
   * @throws IllegalArgumentException when two targets have the same name
   */
  static HookTargets of(List<? extends HookTarget> targets) {
    return new FixedTargets(targets);
  }

  /**
   * A fixed set in a configured order: the plugins named in {@code first}, in that order, then the
   * others by name (so adding a plugin never reorders the configured ones).
   *
   * @param targets the plugins; names must be unique
   * @param first plugin names to dispatch to first, in this order; names without a target are
   *     ignored
   * @return the ordered targets
   * @throws IllegalArgumentException when two targets have the same name
   */
  static HookTargets ordered(Collection<? extends HookTarget> targets, List<String> first) {
    return new FixedTargets(FixedTargets.sort(targets, first));
  }
}
