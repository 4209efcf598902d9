package dev.airlock.runtime;

/**
 * The block memory of one Extism call, as a host function sees it: read a block the plugin passed,
 * or allocate a block to hand back. Valid only during the call; not thread-safe.
 */
public interface ExtismMemory {
  /**
   * The bytes of the block that starts at {@code offset}.
   *
   * @param offset a block offset the plugin passed
   * @return a copy of the block
   * @throws IllegalArgumentException when {@code offset} is not the start of a block (the call then
   *     ends with an ABI-violation trap)
   */
  byte[] read(long offset);

  /**
   * Allocates a block holding {@code data}.
   *
   * @param data the bytes
   * @return the block's offset, to return to the plugin
   */
  long write(byte[] data);
}
