package dev.airlock.runtime;

/**
 * Connects an instance's host functions to the call it is running. Host functions are bound once,
 * when the instance is made; each call sets {@link #call} before entering the wasm.
 */
final class InstanceSlot {
  volatile CallState call;

  CallState call() {
    CallState c = call;
    if (c == null) {
      // Only reachable from a start function or _initialize, which run inside a call too.
      throw new AbiViolation("host function called outside a hook call");
    }
    return c;
  }
}
