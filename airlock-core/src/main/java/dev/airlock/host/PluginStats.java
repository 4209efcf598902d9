package dev.airlock.host;

import java.time.Duration;

/**
 * Call counters of one plugin since it was first loaded in this host.
 *
 * @param calls calls made
 * @param errors calls that failed (traps, limits, plugin errors, timeouts)
 * @param timeouts calls stopped at their time or CPU budget
 * @param p50 median latency (from a log-scale histogram: within about 10 %)
 * @param p99 99th-percentile latency (same precision)
 */
public record PluginStats(long calls, long errors, long timeouts, Duration p50, Duration p99) {}
