package dev.airlock.contract;

import static dev.airlock.contract.FailureMode.FAIL_CLOSED;
import static dev.airlock.contract.FailureMode.FAIL_OPEN;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which {@link FailureMode} applies when a plugin fails a hook: per hook, optionally per plugin and
 * hook. The defaults (see {@link #defaults()} and docs/contracts/README.md) fail closed wherever a
 * plugin enforces policy or changes data, and open only for advisory hooks and observers.
 *
 * <p>Immutable and thread-safe.
 */
public final class FailurePolicy {
  private static final Map<String, FailureMode> DEFAULTS = defaultModes();
  private static final FailurePolicy DEFAULT = builder().build();

  private final Map<String, FailureMode> byHook;
  private final Map<String, FailureMode> byPluginHook;
  private final FailureMode fallback;

  private FailurePolicy(Builder b) {
    this.byHook = Map.copyOf(b.byHook);
    this.byPluginHook = Map.copyOf(b.byPluginHook);
    this.fallback = b.fallback;
  }

  private static Map<String, FailureMode> defaultModes() {
    Map<String, FailureMode> m = new HashMap<>();
    m.put(ProxyHooks.PRE_QUERY, FAIL_CLOSED);
    m.put(ProxyHooks.POST_QUERY, FAIL_CLOSED);
    m.put(ProxyHooks.AUTHENTICATE, FAIL_CLOSED);
    m.put(ProxyHooks.AUTHORIZE, FAIL_CLOSED);
    m.put(ProxyHooks.ROUTE, FAIL_OPEN);
    m.put(ProxyHooks.REWRITE, FAIL_CLOSED);
    m.put(ProxyHooks.ON_CONNECT, FAIL_OPEN);
    m.put(ProxyHooks.ON_DISCONNECT, FAIL_OPEN);
    m.put(RegistryHooks.FORMAT_KEY, FAIL_CLOSED);
    m.put(RegistryHooks.PARSE_METADATA, FAIL_CLOSED);
    m.put(RegistryHooks.VALIDATE, FAIL_CLOSED);
    m.put(RegistryHooks.GENERATE_INDEX, FAIL_CLOSED);
    m.put(RegistryHooks.EXTRACT, FAIL_OPEN);
    m.put(RegistryHooks.VALIDATE_UPLOAD, FAIL_CLOSED);
    m.put(RegistryHooks.PROCESS, FAIL_CLOSED);
    return Map.copyOf(m);
  }

  /**
   * The documented defaults: fail closed for {@code pre_query}, {@code post_query}, {@code
   * authenticate}, {@code authorize}, {@code rewrite}, {@code format_key}, {@code parse_metadata},
   * {@code validate}, {@code generate_index}, {@code validate_upload} and {@code process}; fail
   * open for {@code route}, {@code on_connect}, {@code on_disconnect} and {@code extract}; fail
   * closed for any other hook.
   *
   * @return the default policy
   */
  public static FailurePolicy defaults() {
    return DEFAULT;
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
   * A builder holding this policy's settings.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.byHook.putAll(byHook);
    b.byPluginHook.putAll(byPluginHook);
    b.fallback = fallback;
    return b;
  }

  /**
   * The mode for a failure of one plugin in one hook: the plugin's own setting for the hook if
   * there is one, else the hook's, else the fallback.
   *
   * @param plugin the plugin's name
   * @param hook the hook
   * @return the mode to apply
   */
  public FailureMode mode(String plugin, String hook) {
    FailureMode m = byPluginHook.get(key(plugin, hook));
    if (m != null) {
      return m;
    }
    return byHook.getOrDefault(hook, fallback);
  }

  /**
   * The mode for a hook when no plugin-specific setting applies.
   *
   * @param hook the hook
   * @return the mode
   */
  public FailureMode mode(String hook) {
    return byHook.getOrDefault(hook, fallback);
  }

  private static String key(String plugin, String hook) {
    return plugin + '\u0000' + hook;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "FailurePolicy[hooks=%s, plugins=%s, fallback=%s]",
        new TreeMap<>(byHook),
        new TreeMap<>(byPluginHook).keySet().stream().map(k -> k.replace('\u0000', '/')).toList(),
        fallback);
  }

  /** Builds a {@link FailurePolicy}. Not thread-safe. */
  public static final class Builder {
    private final Map<String, FailureMode> byHook = new HashMap<>(DEFAULTS);
    private final Map<String, FailureMode> byPluginHook = new HashMap<>();
    private FailureMode fallback = FAIL_CLOSED;

    private Builder() {}

    /**
     * Sets the mode of a hook for every plugin without a setting of its own.
     *
     * @param hook the hook, e.g. {@code post_query}
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(String hook, FailureMode mode) {
      byHook.put(requireName(hook, "hook"), Objects.requireNonNull(mode, "mode"));
      return this;
    }

    /**
     * Sets the mode of one plugin in one hook, e.g. an audit logger's {@code post_query} open while
     * a redactor's stays closed.
     *
     * @param plugin the plugin's name
     * @param hook the hook
     * @param mode the mode
     * @return this builder
     */
    public Builder mode(String plugin, String hook, FailureMode mode) {
      byPluginHook.put(
          key(requireName(plugin, "plugin"), requireName(hook, "hook")),
          Objects.requireNonNull(mode, "mode"));
      return this;
    }

    /**
     * Sets the mode of hooks that have no default and no setting (closed unless set).
     *
     * @param mode the mode
     * @return this builder
     */
    public Builder fallback(FailureMode mode) {
      this.fallback = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     */
    public FailurePolicy build() {
      return new FailurePolicy(this);
    }

    private static String requireName(String name, String what) {
      Objects.requireNonNull(name, what);
      if (name.isEmpty() || name.indexOf('\u0000') >= 0) {
        throw new IllegalArgumentException(what + " must be a non-empty name without NUL");
      }
      return name;
    }
  }
}
