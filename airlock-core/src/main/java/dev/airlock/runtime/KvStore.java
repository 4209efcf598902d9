package dev.airlock.runtime;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * A plugin's key/value store, shared by its instances and capped in value size, key count and total
 * bytes. Thread-safe.
 */
final class KvStore {
  static final int MAX_KEY_BYTES = 1024;

  private final Map<ByteBuffer, byte[]> values = new HashMap<>();
  private final int maxValueBytes;
  private final int maxKeys;
  private final long maxTotalBytes;
  private long totalBytes;

  KvStore(Limits limits) {
    this.maxValueBytes = limits.maxKvValueBytes();
    this.maxKeys = limits.maxKvKeys();
    this.maxTotalBytes = limits.maxKvTotalBytes();
  }

  synchronized byte[] get(byte[] key) {
    return values.get(ByteBuffer.wrap(key));
  }

  /** Stores a copy; false when a cap would be exceeded (nothing changes then). */
  synchronized boolean set(byte[] key, byte[] value) {
    if (key.length > MAX_KEY_BYTES || value.length > maxValueBytes) {
      return false;
    }
    ByteBuffer k = ByteBuffer.wrap(key.clone());
    byte[] old = values.get(k);
    long newTotal =
        totalBytes - (old == null ? 0 : key.length + old.length) + key.length + value.length;
    if ((old == null && values.size() >= maxKeys) || newTotal > maxTotalBytes) {
      return false;
    }
    values.put(k, value.clone());
    totalBytes = newTotal;
    return true;
  }

  synchronized boolean delete(byte[] key) {
    byte[] old = values.remove(ByteBuffer.wrap(key));
    if (old == null) {
      return false;
    }
    totalBytes -= key.length + old.length;
    return true;
  }
}
