package dev.airlock.runtime;

/**
 * Connects an instance's host functions to the call it is running. Host functions are bound once,
 * when the instance is made; each call sets {@link #call} before entering the wasm.
 */
final class InstanceSlot {
  // Written and read only by the thread running the instance (the pool's compare-and-set hands
  // an instance to another thread with a happens-before edge), so a plain field.
  CallState call;

  // The instance's Extism block memory (ExtismKernel), made when its Extism host functions are,
  // and readied for every call bound to the instance: the host functions hold it, and the word
  // moves go to it in one step.
  private ExtismKernel kernel;

  /** Binds a call to this instance's host functions (before entering the wasm). */
  void bind(CallState c) {
    call = c;
    c.slot = this;
    if (kernel != null) {
      c.ready(kernel);
    }
  }

  /** Unbinds the call (after it ended). */
  void unbind() {
    call = null;
  }

  /** The instance's Extism block memory, made on first use and readied for the bound call. */
  ExtismKernel extismKernel() {
    if (kernel == null) {
      kernel = new ExtismKernel(0, 1024);
      if (call != null) {
        call.ready(kernel);
      }
    }
    return kernel;
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
