package dev.airlock.runtime;

/**
 * Connects an instance's host functions to the call it is running. Host functions are bound once,
 * when the instance is made; each call sets {@link #call} before entering the wasm.
 */
final class InstanceSlot {
  // Written and read only by the thread running the instance (the pool's compare-and-set hands
  // an instance to another thread with a happens-before edge), so a plain field.
  CallState call;

  // The Extism block memory of the last call, emptied and handed to the next (see ExtismKernel).
  // ExtismAbi makes it ready before the guest runs, so during a call it is the call's own and the
  // word moves read it directly (ExtismDataFunction).
  ExtismKernel kernel;

  /** Binds a call to this instance's host functions (before entering the wasm). */
  void bind(CallState c) {
    call = c;
    c.slot = this;
  }

  /** Unbinds the call (after it ended). */
  void unbind() {
    call = null;
  }

  /**
   * An empty Extism block memory for the bound call: the last call's, reset, when its cap is the
   * same.
   */
  ExtismKernel kernel(long cap, int initialBytes) {
    ExtismKernel k = kernel;
    if (k != null && k.cap() == cap) {
      k.reset();
      return k;
    }
    k = new ExtismKernel(cap, initialBytes);
    kernel = k;
    return k;
  }

  CallState call() {
    CallState c = call;
    if (c == null) {
      // Only reachable from a start function or _initialize, which run inside a call too.
      throw new AbiViolation("host function called outside a hook call");
    }
    return c;
  }
}
