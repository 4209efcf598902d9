/**
 * Hook contracts and dispatch: typed, documented facades a host calls, which send each hook to the
 * enabled plugins in order, apply the hook's fan-out rule and failure policy, and read the plugins'
 * replies strictly. Comes after {@code dev.airlock.runtime} in the data flow (the dispatch stage)
 * and knows nothing of a plugin registry: the host implements {@link
 * dev.airlock.contract.HookTargets} over its own.
 *
 * <p>Entry points: {@link dev.airlock.contract.ProxyHooks} (HeliosDB Proxy's database hooks) and
 * {@link dev.airlock.contract.RegistryHooks} (Artifact Keeper's format handlers, metadata
 * extractors, validation hooks and post-processors), both built from {@link
 * dev.airlock.contract.HookTargets} and a {@link dev.airlock.contract.FailurePolicy}. Every result
 * is a {@link dev.airlock.contract.HookOutcome}: the typed value, the plugin that decided, and the
 * failures met on the way. The wire formats, the binary envelope and the default failure modes are
 * in docs/contracts/.
 */
package dev.airlock.contract;
