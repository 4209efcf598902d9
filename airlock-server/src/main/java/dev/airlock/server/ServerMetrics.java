package dev.airlock.server;

import dev.airlock.host.HostEvent;
import dev.airlock.host.HostListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics through Micrometer: calls per plugin, hook and outcome as a latency histogram
 * ({@code airlock_plugin_call_seconds}), host events by type ({@code airlock_plugin_events_total}:
 * loads, reloads, failures, …), blob store hits ({@code airlock_blob_store_hits_total}: an install
 * whose bytes were stored already), and compiled-module cache hits and misses ({@code
 * airlock_compile_cache_hits_total{cache="memory|disk"}}).
 */
final class ServerMetrics implements HostListener {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private static final java.time.Duration[] BUCKETS =
      java.util.stream.Stream.of(
              "PT0.00005S",
              "PT0.0001S",
              "PT0.00025S",
              "PT0.0005S",
              "PT0.001S",
              "PT0.0025S",
              "PT0.005S",
              "PT0.01S",
              "PT0.025S",
              "PT0.05S",
              "PT0.1S",
              "PT0.25S",
              "PT0.5S",
              "PT1S",
              "PT2.5S",
              "PT5S",
              "PT10S")
          .map(java.time.Duration::parse)
          .toArray(java.time.Duration[]::new);

  /** How a call ended: the {@code outcome} tag. */
  enum Outcome {
    OK,
    ERROR,
    TIMEOUT;

    final String tag = name().toLowerCase(Locale.ROOT);
  }

  /** Plugin → hook → one timer per outcome: found without building a key per call. */
  private final Map<String, Map<String, Timer[]>> timers = new ConcurrentHashMap<>();

  private final Counter blobHits;
  private final Counter blobMisses;

  ServerMetrics() {
    blobHits =
        Counter.builder("airlock_blob_store_hits")
            .description("installs whose artefact bytes were stored already")
            .register(registry);
    blobMisses =
        Counter.builder("airlock_blob_store_misses")
            .description("installs that stored new artefact bytes")
            .register(registry);
  }

  /** Records one call. */
  void call(String plugin, String hook, Outcome outcome, long nanos) {
    Timer[] byOutcome =
        timers
            .computeIfAbsent(plugin, p -> new ConcurrentHashMap<>())
            .computeIfAbsent(hook, h -> new Timer[Outcome.values().length]);
    Timer t = byOutcome[outcome.ordinal()];
    if (t == null) {
      t = timer(plugin, hook, outcome);
      byOutcome[outcome.ordinal()] = t; // a race registers the same meter twice: the registry
      // hands back the one it has
    }
    t.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private Timer timer(String plugin, String hook, Outcome outcome) {
    return Timer.builder("airlock_plugin_call")
        .description("plugin hook calls through the API, by outcome")
        .tags("plugin", plugin, "hook", hook, "outcome", outcome.tag)
        // 17 fixed buckets, 50 µs to 10 s: cheaper to record than Micrometer's ~70
        // percentile buckets, and enough for p50/p99 in PromQL
        .serviceLevelObjectives(BUCKETS)
        .register(registry);
  }

  /** Compile cache hits and misses, read from the host's engine at each scrape. */
  void watch(dev.airlock.host.PluginHost host) {
    compileCounter(host, "hits", "memory", c -> c.memoryHits());
    compileCounter(host, "misses", "memory", c -> c.memoryMisses());
    compileCounter(host, "hits", "disk", c -> c.diskHits());
    compileCounter(host, "misses", "disk", c -> c.diskMisses());
  }

  private void compileCounter(
      dev.airlock.host.PluginHost host,
      String kind,
      String cache,
      java.util.function.ToLongFunction<dev.airlock.runtime.CompileCacheStats> count) {
    io.micrometer.core.instrument.FunctionCounter.builder(
            "airlock_compile_cache_" + kind,
            host,
            h -> (double) count.applyAsLong(h.compileCacheStats()))
        .description("plugin loads answered (hits) or not (misses) by a compiled-module cache")
        .tag("cache", cache)
        .register(registry);
  }

  void blobStored(boolean existed) {
    (existed ? blobHits : blobMisses).increment();
  }

  @Override
  public void onEvent(HostEvent event) {
    registry
        .counter(
            "airlock_plugin_events",
            "type",
            event.type().name().toLowerCase(Locale.ROOT),
            "plugin",
            event.type() == HostEvent.Type.RESCANNED ? "*" : event.plugin())
        .increment();
  }

  String scrape() {
    return registry.scrape();
  }
}
