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
  private OutputStream stdout;
  private OutputStream stderr;
  final Watchdog.Guard guard;

  /** Phase times for profiling (start, instance ready, input in, guest done, output out). */
  final long[] marks;

  // Extism: the host-side block memory of this call, and what the plugin set.
  // Made on first use: a raw-ABI call never needs them.
  private ExtismKernel kernel;
  // The instance this call runs in (set by InstanceSlot.bind), whose kernel it borrows.
  InstanceSlot slot;
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
  }

  /** The call's Extism block memory, holding the input; made when an Extism import first runs. */
  ExtismKernel kernel() {
    ExtismKernel k = kernel;
    return k != null ? k : newKernel(); // small, so the JIT inlines it into every host function
  }

  private ExtismKernel newKernel() {
    if (slot != null) {
      slot.extismKernel(); // made and readied for the bound call, i.e. this one
    }
    if (kernel == null) { // a call not bound to an instance
      // Room for the input and a reply of the same size without growing: the common case.
      int initial = (int) Math.min(Integer.MAX_VALUE - 64, 2L * input.length + 1024);
      ready(new ExtismKernel(kernelCap(), initial));
    }
    return kernel;
  }

  /** Makes {@code k} this call's Extism block memory, holding the input. */
  void ready(ExtismKernel k) {
    kernel = k;
    k.ready(kernelCap(), input);
  }

  private long kernelCap() {
    return plugin.limits.maxInputBytes() + 2L * plugin.limits.maxOutputBytes() + (1 << 20);
  }

  OutputStream stdout() {
    if (stdout == null) {
      stdout = logs.stream(LogLine.Level.INFO);
    }
    return stdout;
  }

  OutputStream stderr() {
    if (stderr == null) {
      stderr = logs.stream(LogLine.Level.ERROR);
    }
    return stderr;
  }

  void mark(int phase) {
    if (marks != null) {
      marks[phase] = System.nanoTime();
    }
  }

  void flushStreams() {
    try {
      if (stdout != null) {
        stdout.flush();
      }
      if (stderr != null) {
        stderr.flush();
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // in-memory streams never fail
    }
  }
}
