package dev.airlock.runtime;

import java.util.Map;
import java.util.Objects;

/**
 * How one plugin is loaded: isolation, pool size and its configuration values.
 *
 * <p>Immutable and thread-safe.
 */
public final class PluginOptions {
  private static final PluginOptions DEFAULTS = builder().build();

  private final Isolation isolation;
  private final int poolSize;
  private final Map<String, String> config;

  private PluginOptions(Builder b) {
    this.isolation = b.isolation;
    this.poolSize = b.poolSize;
    this.config = Map.copyOf(b.config);
  }

  /**
   * Fresh instances, no configuration.
   *
   * @return the defaults
   */
  public static PluginOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return how calls share instances
   */
  public Isolation isolation() {
    return isolation;
  }

  /**
   * @return most idle instances kept when pooled
   */
  public int poolSize() {
    return poolSize;
  }

  /**
   * @return configuration handed to the plugin (Extism {@code config_get}, raw {@code config_get})
   */
  public Map<String, String> config() {
    return config;
  }

  /** Builds {@link PluginOptions}. Not thread-safe. */
  public static final class Builder {
    private Isolation isolation = Isolation.FRESH;
    private int poolSize = Math.max(2, Runtime.getRuntime().availableProcessors());
    private Map<String, String> config = Map.of();

    private Builder() {}

    /**
     * @param isolation fresh or pooled instances
     * @return this builder
     */
    public Builder isolation(Isolation isolation) {
      this.isolation = Objects.requireNonNull(isolation);
      return this;
    }

    /**
     * @param size most idle instances kept when pooled, 1..1024
     * @return this builder
     */
    public Builder poolSize(int size) {
      if (size < 1 || size > 1024) {
        throw new IllegalArgumentException("poolSize should be 1..1024, got " + size);
      }
      this.poolSize = size;
      return this;
    }

    /**
     * @param config key/value configuration for the plugin
     * @return this builder
     */
    public Builder config(Map<String, String> config) {
      this.config = Map.copyOf(config);
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public PluginOptions build() {
      return new PluginOptions(this);
    }
  }
}
