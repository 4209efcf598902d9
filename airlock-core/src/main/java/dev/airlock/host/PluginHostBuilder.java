package dev.airlock.host;

import dev.airlock.artefact.ArtefactReader;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Isolation;
import dev.airlock.runtime.Limits;
import dev.airlock.runtime.LogLine;
import dev.airlock.trust.ArtefactVerifier;
import dev.airlock.trust.TrustRoot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/** Builds a {@link PluginHost}. Not thread-safe. */
public final class PluginHostBuilder {
  private Path directory;
  private TrustRoot trustRoot;
  private Boolean requireSignature;
  private Set<String> allowedSources = HostSettings.SOURCES;
  private Limits defaultLimits = Limits.defaults();
  private Limits maximumLimits =
      Limits.builder()
          .maxMemoryPages(4096)
          .timeout(Duration.ofSeconds(30))
          .cpuTime(Duration.ofSeconds(30))
          .build();
  private Isolation isolation = Isolation.FRESH;
  private boolean enableNewPlugins = true;
  private boolean hotReload = true;
  private Duration debounce = Duration.ofMillis(50);
  private boolean allowDowngrade;
  private boolean allowNetwork;
  private boolean allowFiles = true;
  private boolean allowEnv = true;
  private LogLine.Level logLevel = LogLine.Level.INFO;
  private Path compileCache;
  private List<String> order = List.of();
  private int maxWasmBytes = ArtefactReader.DEFAULT_MAX_WASM_BYTES;
  private Clock clock = Clock.systemUTC();
  private ScheduledExecutorService scheduler;
  private StateStore stateStore;
  private List<SettingsProvider> providers = List.of();
  private ReferenceResolver referenceResolver;
  private dev.airlock.contract.FailurePolicy failurePolicy =
      dev.airlock.contract.FailurePolicy.defaults();

  PluginHostBuilder() {}

  /** Starts from existing settings (e.g. loaded by {@code SettingsLoader}). */
  public PluginHostBuilder settings(HostSettings s) {
    directory = s.directory();
    trustRoot = s.trustRoot().orElse(null);
    requireSignature = s.requireSignature();
    allowedSources = s.allowedSources();
    defaultLimits = s.defaultLimits();
    maximumLimits = s.maximumLimits();
    isolation = s.isolation();
    enableNewPlugins = s.enableNewPlugins();
    hotReload = s.hotReload();
    debounce = s.debounce();
    allowDowngrade = s.allowDowngrade();
    allowNetwork = s.allowNetwork();
    allowFiles = s.allowFiles();
    allowEnv = s.allowEnv();
    logLevel = s.logLevel();
    compileCache = s.compileCache().orElse(null);
    order = s.order();
    maxWasmBytes = s.maxWasmBytes();
    return this;
  }

  /**
   * @param dir the plugins directory (created when missing) @return this builder
   */
  public PluginHostBuilder pluginsDirectory(Path dir) {
    this.directory = Objects.requireNonNull(dir);
    return this;
  }

  /**
   * @param root trusted keys; with one, unsigned plugins are refused unless {@link
   *     #requireSignature(boolean)} says otherwise
   * @return this builder
   */
  public PluginHostBuilder trustRoot(TrustRoot root) {
    this.trustRoot = root;
    return this;
  }

  /**
   * @param required whether unsigned plugins are refused @return this builder
   */
  public PluginHostBuilder requireSignature(boolean required) {
    this.requireSignature = required;
    return this;
  }

  /**
   * @param sources where plugins may come from @return this builder
   */
  public PluginHostBuilder allowedSources(Set<String> sources) {
    this.allowedSources = Set.copyOf(sources);
    return this;
  }

  /**
   * @param limits limits when a manifest asks for nothing @return this builder
   */
  public PluginHostBuilder defaultLimits(Limits limits) {
    this.defaultLimits = Objects.requireNonNull(limits);
    return this;
  }

  /**
   * @param limits limits no manifest can exceed @return this builder
   */
  public PluginHostBuilder maximumLimits(Limits limits) {
    this.maximumLimits = Objects.requireNonNull(limits);
    return this;
  }

  /**
   * @param isolation fresh or pooled instances @return this builder
   */
  public PluginHostBuilder isolation(Isolation isolation) {
    this.isolation = Objects.requireNonNull(isolation);
    return this;
  }

  /**
   * @param enable whether new plugins start enabled (default true) @return this builder
   */
  public PluginHostBuilder enableNewPlugins(boolean enable) {
    this.enableNewPlugins = enable;
    return this;
  }

  /**
   * @param on whether to watch the directory (default true) @return this builder
   */
  public PluginHostBuilder hotReload(boolean on) {
    this.hotReload = on;
    return this;
  }

  /**
   * @param debounce how long a file must stay unchanged (default 50 ms) @return this builder
   */
  public PluginHostBuilder debounce(Duration debounce) {
    this.debounce = Objects.requireNonNull(debounce);
    return this;
  }

  /**
   * @param allow whether older versions may replace newer ones @return this builder
   */
  public PluginHostBuilder allowDowngrade(boolean allow) {
    this.allowDowngrade = allow;
    return this;
  }

  /**
   * @param allow whether plugins may be granted HTTP hosts @return this builder
   */
  public PluginHostBuilder allowNetwork(boolean allow) {
    this.allowNetwork = allow;
    return this;
  }

  /**
   * @param allow whether plugins may be granted directories @return this builder
   */
  public PluginHostBuilder allowFiles(boolean allow) {
    this.allowFiles = allow;
    return this;
  }

  /**
   * @param allow whether plugins may be granted environment variables @return this builder
   */
  public PluginHostBuilder allowEnv(boolean allow) {
    this.allowEnv = allow;
    return this;
  }

  /**
   * @param level lowest plugin log level kept @return this builder
   */
  public PluginHostBuilder logLevel(LogLine.Level level) {
    this.logLevel = Objects.requireNonNull(level);
    return this;
  }

  /**
   * @param dir compile cache directory, or null for none @return this builder
   */
  public PluginHostBuilder compileCache(Path dir) {
    this.compileCache = dir;
    return this;
  }

  /**
   * @param names plugin names in dispatch order @return this builder
   */
  public PluginHostBuilder order(List<String> names) {
    this.order = List.copyOf(names);
    return this;
  }

  /**
   * @param bytes largest module accepted @return this builder
   */
  public PluginHostBuilder maxWasmBytes(int bytes) {
    this.maxWasmBytes = bytes;
    return this;
  }

  /**
   * @param clock the clock for debounce and timestamps @return this builder
   */
  public PluginHostBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock);
    return this;
  }

  /**
   * @param scheduler runs the watcher; the host does not shut it down @return this builder
   */
  public PluginHostBuilder scheduler(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
    return this;
  }

  /**
   * @param store where state survives restarts (default: in the directory) @return this
   */
  public PluginHostBuilder stateStore(StateStore store) {
    this.stateStore = store;
    return this;
  }

  /**
   * @param policy what a failing plugin means for each hook (default: {@code
   *     FailurePolicy.defaults()}, see docs/contracts)
   * @return this builder
   */
  public PluginHostBuilder failurePolicy(dev.airlock.contract.FailurePolicy policy) {
    this.failurePolicy = Objects.requireNonNull(policy);
    return this;
  }

  /**
   * The {@code [[providers]]} the host installs into its plugins directory when it starts ({@link
   * Settings#hostBuilder()} sets them).
   *
   * @param list the providers
   * @return this builder
   */
  public PluginHostBuilder providers(List<SettingsProvider> list) {
    providers = List.copyOf(list);
    return this;
  }

  /**
   * How the host fetches {@code oci://} providers when it starts; without one they are skipped.
   *
   * @param resolver the resolver, or {@code null}
   * @return this builder
   */
  public PluginHostBuilder referenceResolver(ReferenceResolver resolver) {
    referenceResolver = resolver;
    return this;
  }

  /**
   * Builds the host; call {@link PluginHost#start()} to load plugins.
   *
   * @return the host
   * @throws IllegalArgumentException when the settings contradict each other
   * @throws IllegalStateException when no plugins directory was given
   */
  public PluginHost build() {
    if (directory == null) {
      throw new IllegalStateException("a plugins directory is required");
    }
    HostSettings s = settingsNow();
    if (!s.allowedSources().contains("file")) {
      throw new IllegalArgumentException(
          "this host loads plugins from a directory, but 'file'"
              + " is not among the allowed sources "
              + s.allowedSources());
    }
    Engine engine =
        Engine.builder()
            .defaultLimits(s.defaultLimits())
            .maximumLimits(s.maximumLimits())
            .allowNetwork(s.allowNetwork())
            .allowFiles(s.allowFiles())
            .allowEnv(s.allowEnv())
            .logLevel(s.logLevel())
            .compileCache(s.compileCache().orElse(null))
            .build();
    ArtefactVerifier verifier =
        s.trustRoot().isPresent() && s.requireSignature()
            ? ArtefactVerifier.trusting(s.trustRoot().get())
            : ArtefactVerifier.withoutTrustRoot();
    PluginLoader loader =
        new PluginLoader(
            ArtefactReader.builder().maxWasmBytes(s.maxWasmBytes()).build(),
            verifier,
            engine,
            s.isolation(),
            s.allowDowngrade(),
            clock);
    PluginHost host =
        new PluginHost(
            s,
            engine,
            loader,
            stateStore != null ? stateStore : StateStore.inDirectory(directory),
            clock,
            scheduler,
            failurePolicy);
    host.installBeforeStart(providers, referenceResolver);
    return host;
  }

  HostSettings settingsNow() {
    boolean require = requireSignature != null ? requireSignature : trustRoot != null;
    return new HostSettings(
        directory,
        Optional.ofNullable(trustRoot),
        require,
        allowedSources,
        defaultLimits,
        maximumLimits,
        isolation,
        enableNewPlugins,
        hotReload,
        debounce,
        allowDowngrade,
        allowNetwork,
        allowFiles,
        allowEnv,
        logLevel,
        Optional.ofNullable(compileCache),
        order,
        maxWasmBytes);
  }
}
