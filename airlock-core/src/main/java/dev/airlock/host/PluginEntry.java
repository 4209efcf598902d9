package dev.airlock.host;

import dev.airlock.runtime.LogLine;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything a host knows about one plugin name. Lifecycle changes happen under the entry's lock;
 * calls only read {@link #current} and {@link #status}.
 */
final class PluginEntry {
  static final int EVENTS = 256;
  static final int LOGS = 1000;

  final String name;
  volatile LoadedVersion current;
  volatile PluginStatus status = PluginStatus.LOADED;
  volatile String failure;
  volatile Path file;
  volatile Map<String, String> config = Map.of();
  volatile Instant enabledAt;
  volatile String formatKey;
  final AtomicLong calls = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  final AtomicLong timeouts = new AtomicLong();
  final LatencyHistogram latency = new LatencyHistogram();
  final RingBuffer<HostEvent> events = new RingBuffer<>(EVENTS);
  final RingBuffer<PluginLog> logs = new RingBuffer<>(LOGS);

  PluginEntry(String name, Path file) {
    this.name = name;
    this.file = file;
  }

  void recordCall(
      long nanos, boolean error, boolean timeout, String hook, List<LogLine> lines, Instant now) {
    calls.incrementAndGet();
    if (error) {
      errors.incrementAndGet();
    }
    if (timeout) {
      timeouts.incrementAndGet();
    }
    latency.record(nanos);
    for (LogLine line : lines) {
      logs.add(new PluginLog(now, hook, line));
    }
  }

  PluginInfo info() {
    LoadedVersion v = current;
    return new PluginInfo(
        name,
        status,
        Optional.ofNullable(failure),
        Optional.ofNullable(v).map(x -> x.artefact.artefact().manifest()),
        Optional.ofNullable(v).flatMap(x -> x.artefact.signer()),
        file,
        config,
        new PluginStats(
            calls.get(),
            errors.get(),
            timeouts.get(),
            latency.percentile(0.50),
            latency.percentile(0.99)),
        Optional.ofNullable(v).map(x -> x.loadedAt),
        status == PluginStatus.ENABLED ? Optional.ofNullable(enabledAt) : Optional.empty());
  }

  static Duration zero() {
    return Duration.ZERO;
  }
}
