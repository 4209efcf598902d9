package dev.airlock.runtime;

/** How calls to one plugin share wasm instances. */
public enum Isolation {
  /** A new instance for every call: nothing carries over from one call to the next. */
  FRESH,
  /**
   * Instances are reused from a bounded pool; a plugin's globals and memory may persist inside one
   * instance between calls. An instance that trapped, timed out or hit a limit is discarded.
   */
  POOLED
}
