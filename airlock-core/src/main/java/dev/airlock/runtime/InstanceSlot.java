package dev.airlock.runtime;

/**
 * Connects an instance's host functions to the call it is running. Host functions are bound once,
 * when the instance is made; each call sets {@link #call} before entering the wasm.
 */
final class InstanceSlot {
  // Written and read only by the thread running the instance (the pool's compare-and-set hands
  // an instance to another thread with a happens-before edge), so a plain field.
  CallState call;

  CallState call() {
    CallState c = call;
    if (c == null) {
      // Only reachable from a start function or _initialize, which run inside a call too.
      throw new AbiViolation("host function called outside a hook call");
    }
    return c;
  }
}
