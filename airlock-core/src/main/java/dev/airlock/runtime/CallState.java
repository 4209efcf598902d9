package dev.airlock.runtime;

import java.io.OutputStream;

/**
 * The state of one hook call, reachable from the host functions of the instance running it.
 * Confined to the calling thread.
 */
final class CallState {
  final PluginContext plugin;
  final String hook;
  final byte[] input;
  final LogBuffer logs;
  final OutputStream stdout;
  final OutputStream stderr;
  final Watchdog.Guard guard;

  /** Phase times for profiling (start, instance ready, input in, guest done, output out). */
  final long[] marks;

  // Extism: the host-side block memory of this call, and what the plugin set.
  final ExtismKernel kernel;
  final long inputOffset;
  byte[] output;
  String error;
  int httpStatus;
  byte[] httpHeaders;

  CallState(PluginContext plugin, String hook, byte[] input, Watchdog.Guard guard) {
    this(plugin, hook, input, guard, false);
  }

  CallState(
      PluginContext plugin, String hook, byte[] input, Watchdog.Guard guard, boolean profile) {
    this.marks = profile ? new long[5] : null;
    mark(0);
    this.plugin = plugin;
    this.hook = hook;
    this.input = input;
    this.guard = guard;
    this.logs = new LogBuffer(plugin.limits.maxLogBytes());
    this.stdout = logs.stream(LogLine.Level.INFO);
    this.stderr = logs.stream(LogLine.Level.ERROR);
    this.kernel =
        new ExtismKernel(
            plugin.limits.maxInputBytes() + 2L * plugin.limits.maxOutputBytes() + (1 << 20));
    this.inputOffset = kernel.store(input);
  }

  void mark(int phase) {
    if (marks != null) {
      marks[phase] = System.nanoTime();
    }
  }

  void flushStreams() {
    try {
      stdout.flush();
      stderr.flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // in-memory streams never fail
    }
  }
}
