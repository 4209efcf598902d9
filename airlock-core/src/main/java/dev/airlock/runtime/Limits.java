package dev.airlock.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Caps on what one plugin call may use. An {@link Engine} has default limits (used when a manifest
 * asks for nothing) and maximum limits (no manifest can go beyond them).
 *
 * <p>Immutable and thread-safe.
 */
public final class Limits {
  private static final Limits DEFAULTS = new Builder().build();

  private final int maxMemoryPages;
  private final Duration timeout;
  private final Duration cpuTime;
  private final int maxInputBytes;
  private final int maxOutputBytes;
  private final int maxLogBytes;
  private final int maxKvValueBytes;
  private final int maxKvKeys;
  private final long maxKvTotalBytes;
  private final int maxHttpBodyBytes;
  private final int maxTableEntries;

  private Limits(Builder b) {
    this.maxMemoryPages = b.maxMemoryPages;
    this.timeout = b.timeout;
    this.cpuTime = b.cpuTime;
    this.maxInputBytes = b.maxInputBytes;
    this.maxOutputBytes = b.maxOutputBytes;
    this.maxLogBytes = b.maxLogBytes;
    this.maxKvValueBytes = b.maxKvValueBytes;
    this.maxKvKeys = b.maxKvKeys;
    this.maxKvTotalBytes = b.maxKvTotalBytes;
    this.maxHttpBodyBytes = b.maxHttpBodyBytes;
    this.maxTableEntries = b.maxTableEntries;
  }

  /**
   * The defaults: 16 MiB of memory, 1 s wall clock and CPU per call, 4 MiB input and output, 64 KiB
   * of logs per call, KV values of 64 KiB (1024 keys, 4 MiB in all), 1 MiB HTTP bodies, tables of
   * 65536 entries.
   *
   * @return the default limits
   */
  public static Limits defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from these limits.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxMemoryPages = maxMemoryPages;
    b.timeout = timeout;
    b.cpuTime = cpuTime;
    b.maxInputBytes = maxInputBytes;
    b.maxOutputBytes = maxOutputBytes;
    b.maxLogBytes = maxLogBytes;
    b.maxKvValueBytes = maxKvValueBytes;
    b.maxKvKeys = maxKvKeys;
    b.maxKvTotalBytes = maxKvTotalBytes;
    b.maxHttpBodyBytes = maxHttpBodyBytes;
    b.maxTableEntries = maxTableEntries;
    return b;
  }

  /**
   * Each limit the smaller of this and {@code cap}.
   *
   * @param cap the upper bounds
   * @return the capped limits
   */
  public Limits cappedBy(Limits cap) {
    Builder b = toBuilder();
    b.maxMemoryPages = Math.min(maxMemoryPages, cap.maxMemoryPages);
    b.timeout = min(timeout, cap.timeout);
    b.cpuTime = min(cpuTime, cap.cpuTime);
    b.maxInputBytes = Math.min(maxInputBytes, cap.maxInputBytes);
    b.maxOutputBytes = Math.min(maxOutputBytes, cap.maxOutputBytes);
    b.maxLogBytes = Math.min(maxLogBytes, cap.maxLogBytes);
    b.maxKvValueBytes = Math.min(maxKvValueBytes, cap.maxKvValueBytes);
    b.maxKvKeys = Math.min(maxKvKeys, cap.maxKvKeys);
    b.maxKvTotalBytes = Math.min(maxKvTotalBytes, cap.maxKvTotalBytes);
    b.maxHttpBodyBytes = Math.min(maxHttpBodyBytes, cap.maxHttpBodyBytes);
    b.maxTableEntries = Math.min(maxTableEntries, cap.maxTableEntries);
    return b.build();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * @return memory cap in 64 KiB pages
   */
  public int maxMemoryPages() {
    return maxMemoryPages;
  }

  /**
   * @return wall-clock limit per call, instantiation included
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * @return CPU-time limit per call (thread CPU time)
   */
  public Duration cpuTime() {
    return cpuTime;
  }

  /**
   * @return largest input accepted
   */
  public int maxInputBytes() {
    return maxInputBytes;
  }

  /**
   * @return largest output accepted
   */
  public int maxOutputBytes() {
    return maxOutputBytes;
  }

  /**
   * @return log bytes kept per call; the rest is dropped with a note
   */
  public int maxLogBytes() {
    return maxLogBytes;
  }

  /**
   * @return largest KV value
   */
  public int maxKvValueBytes() {
    return maxKvValueBytes;
  }

  /**
   * @return most KV keys per plugin
   */
  public int maxKvKeys() {
    return maxKvKeys;
  }

  /**
   * @return most KV bytes (keys and values) per plugin
   */
  public long maxKvTotalBytes() {
    return maxKvTotalBytes;
  }

  /**
   * @return largest HTTP request or response body
   */
  public int maxHttpBodyBytes() {
    return maxHttpBodyBytes;
  }

  /**
   * @return most entries in any table
   */
  public int maxTableEntries() {
    return maxTableEntries;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "Limits[memory=%d pages, timeout=%d ms, cpu=%d ms, input=%d, output=%d, log=%d]",
        maxMemoryPages,
        timeout.toMillis(),
        cpuTime.toMillis(),
        maxInputBytes,
        maxOutputBytes,
        maxLogBytes);
  }

  /** Builds {@link Limits}. Not thread-safe. */
  public static final class Builder {
    private int maxMemoryPages = 256;
    private Duration timeout = Duration.ofSeconds(1);
    private Duration cpuTime = Duration.ofSeconds(1);
    private int maxInputBytes = 4 << 20;
    private int maxOutputBytes = 4 << 20;
    private int maxLogBytes = 64 << 10;
    private int maxKvValueBytes = 64 << 10;
    private int maxKvKeys = 1024;
    private long maxKvTotalBytes = 4 << 20;
    private int maxHttpBodyBytes = 1 << 20;
    private int maxTableEntries = 65_536;

    private Builder() {}

    /**
     * @param pages memory cap in 64 KiB pages, 1..65536
     * @return this builder
     */
    public Builder maxMemoryPages(int pages) {
      require(pages >= 1 && pages <= 65_536, "maxMemoryPages should be 1..65536, got " + pages);
      this.maxMemoryPages = pages;
      return this;
    }

    /**
     * @param timeout wall-clock limit per call, positive
     * @return this builder
     */
    public Builder timeout(Duration timeout) {
      require(!timeout.isNegative() && !timeout.isZero(), "timeout should be positive");
      this.timeout = timeout;
      return this;
    }

    /**
     * @param cpuTime CPU-time limit per call, positive
     * @return this builder
     */
    public Builder cpuTime(Duration cpuTime) {
      require(!cpuTime.isNegative() && !cpuTime.isZero(), "cpuTime should be positive");
      this.cpuTime = cpuTime;
      return this;
    }

    /**
     * @param bytes largest input, positive
     * @return this builder
     */
    public Builder maxInputBytes(int bytes) {
      this.maxInputBytes = positive(bytes, "maxInputBytes");
      return this;
    }

    /**
     * @param bytes largest output, positive
     * @return this builder
     */
    public Builder maxOutputBytes(int bytes) {
      this.maxOutputBytes = positive(bytes, "maxOutputBytes");
      return this;
    }

    /**
     * @param bytes log bytes kept per call, positive
     * @return this builder
     */
    public Builder maxLogBytes(int bytes) {
      this.maxLogBytes = positive(bytes, "maxLogBytes");
      return this;
    }

    /**
     * @param bytes largest KV value, positive
     * @return this builder
     */
    public Builder maxKvValueBytes(int bytes) {
      this.maxKvValueBytes = positive(bytes, "maxKvValueBytes");
      return this;
    }

    /**
     * @param keys most KV keys per plugin, positive
     * @return this builder
     */
    public Builder maxKvKeys(int keys) {
      this.maxKvKeys = positive(keys, "maxKvKeys");
      return this;
    }

    /**
     * @param bytes most KV bytes per plugin, positive
     * @return this builder
     */
    public Builder maxKvTotalBytes(long bytes) {
      require(bytes > 0, "maxKvTotalBytes should be positive");
      this.maxKvTotalBytes = bytes;
      return this;
    }

    /**
     * @param bytes largest HTTP body, positive
     * @return this builder
     */
    public Builder maxHttpBodyBytes(int bytes) {
      this.maxHttpBodyBytes = positive(bytes, "maxHttpBodyBytes");
      return this;
    }

    /**
     * @param entries most entries in any table, positive
     * @return this builder
     */
    public Builder maxTableEntries(int entries) {
      this.maxTableEntries = positive(entries, "maxTableEntries");
      return this;
    }

    /**
     * Builds the limits.
     *
     * @return the limits
     */
    public Limits build() {
      Objects.requireNonNull(timeout);
      return new Limits(this);
    }

    private static int positive(int v, String name) {
      require(v > 0, name + " should be positive, got " + v);
      return v;
    }

    private static void require(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
