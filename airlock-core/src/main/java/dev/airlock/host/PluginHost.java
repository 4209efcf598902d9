package dev.airlock.host;

import dev.airlock.contract.FailurePolicy;
import dev.airlock.contract.HookTargets;
import dev.airlock.contract.ProxyHooks;
import dev.airlock.contract.RegistryHooks;
import dev.airlock.runtime.CallResult;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.PluginException;
import dev.airlock.runtime.PluginTimeoutException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A plugin host: point it at a directory and a trust policy, start it, and call hooks while
 * operators drop, replace and remove plugin files. Thread-safe.
 *
 * <pre>{@code
 * try (PluginHost host = PluginHost.builder()
 *     .pluginsDirectory(Path.of("plugins"))
 *     .trustRoot(TrustRoot.load(Path.of("trust")))
 *     .build()) {
 *   host.start();
 *   CallResult r = host.call("cost-governor", "pre_query", json);
 * }
 * }</pre>
 *
 * <p>Files are loaded directly (never extracted), verified, instantiated once, and only then
 * swapped in: calls already running finish on the old version, and a new version that fails leaves
 * the old one serving with the reason recorded.
 */
public final class PluginHost implements AutoCloseable {

  private final HostSettings settings;
  private final Engine engine;
  private final PluginLoader loader;
  private final SavedState saved;
  private final DirectorySync sync;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final boolean ownScheduler;
  private final Map<String, PluginEntry> entries = new ConcurrentHashMap<>();
  private final HostListeners listeners;
  private final PluginControls controls;
  private final FailurePolicy failurePolicy;
  private final HookTargets targets = new HostTargets(this);
  private DirectoryWatcher watcher;
  private volatile boolean closed;

  private List<SettingsProvider> providers = List.of();
  private ReferenceResolver resolver;

  PluginHost(
      HostSettings settings,
      Engine engine,
      PluginLoader loader,
      StateStore store,
      Clock clock,
      ScheduledExecutorService scheduler,
      FailurePolicy failurePolicy) {
    this.failurePolicy = failurePolicy;
    this.settings = settings;
    this.engine = engine;
    this.loader = loader;
    this.saved = new SavedState(store);
    this.listeners = new HostListeners(entries, clock);
    this.controls = new PluginControls(entries, saved, listeners, clock);
    this.sync =
        new DirectorySync(settings, loader, clock, failurePolicy, entries, saved, listeners::emit);
    this.clock = clock;
    this.ownScheduler = scheduler == null;
    this.scheduler =
        scheduler != null
            ? scheduler
            : Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().daemon().name("airlock-host").unstarted(r));
  }

  /** Providers to install when the host starts, and how to fetch the {@code oci://} ones. */
  void installBeforeStart(List<SettingsProvider> list, ReferenceResolver referenceResolver) {
    this.providers = List.copyOf(list);
    this.resolver = referenceResolver;
  }

  /**
   * A builder.
   *
   * @return a builder
   */
  public static PluginHostBuilder builder() {
    return new PluginHostBuilder();
  }

  /**
   * Installs the providers it was built with (fetching {@code oci://} ones through its {@link
   * ReferenceResolver}), loads every plugin in the directory and, when hot reload is on, starts
   * watching it.
   *
   * @throws IOException when the directory or the state store cannot be read, or a provider cannot
   *     be installed
   */
  public synchronized void start() throws IOException {
    Files.createDirectories(settings.directory());
    if (!providers.isEmpty()) {
      SettingsProviders.install(settings.directory(), providers, resolver);
    }
    saved.load();
    if (settings.hotReload()) {
      watcher =
          new DirectoryWatcher(
              settings.directory(),
              clock,
              settings.debounce().toMillis(),
              this::fileChanged,
              this::rescan);
    }
    rescan();
    if (watcher != null) {
      watcher.start(scheduler);
    }
  }

  /** Reconciles the host with the directory: loads new or changed files, drops removed ones. */
  public synchronized void rescan() {
    sync.rescan(watcher != null);
  }

  /** A file appeared, changed or disappeared (a sidecar stands for its plugin file). */
  synchronized void fileChanged(Path changed) {
    if (!closed) {
      sync.fileChanged(changed);
    }
  }

  /**
   * Forgets what the host remembered of a plugin that is no longer installed: whether it was
   * enabled, its configuration and the highest version seen. A plugin installed again under that
   * name then starts afresh. (Rollback protection for that name starts afresh too: call this only
   * when an operator uninstalls the plugin on purpose.)
   *
   * @param plugin the plugin's name
   * @throws HostException ({@link HostException.Reason#WRONG_STATE}) when the plugin is still
   *     loaded: remove its file first
   * @throws UncheckedIOException when the state store cannot be written
   */
  public synchronized void forget(String plugin) throws HostException {
    if (entries.containsKey(plugin)) {
      throw new HostException(
          HostException.Reason.WRONG_STATE,
          "plugin '" + plugin + "' is still installed: remove its file before forgetting it",
          List.of());
    }
    try {
      saved.forget(plugin);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * How the engine's compiled-module caches served this host's loads and reloads.
   *
   * @return the counts
   */
  public dev.airlock.runtime.CompileCacheStats compileCacheStats() {
    return engine.compileCacheStats();
  }

  /**
   * Calls a hook of an enabled plugin, on the version serving now.
   *
   * @param plugin the plugin's name
   * @param hook the hook
   * @param input the input
   * @return the result
   * @throws HostException when there is no such plugin or it is not enabled
   * @throws PluginException when the call fails (see {@link dev.airlock.runtime.Plugin#call})
   */
  public CallResult call(String plugin, String hook, byte[] input)
      throws HostException, PluginException {
    PluginEntry e = controls.entry(plugin);
    LoadedVersion v;
    do {
      v = e.current;
      if (v == null || e.status != PluginStatus.ENABLED) {
        throw new HostException(
            HostException.Reason.WRONG_STATE,
            "plugin '"
                + plugin
                + "' is "
                + e.status.name().toLowerCase(java.util.Locale.ROOT)
                + (e.failure != null ? " (" + e.failure + ")" : ""),
            List.of());
      }
    } while (!v.acquire());
    long t0 = System.nanoTime();
    try {
      CallResult r = v.plugin.call(hook, input);
      e.recordCall(System.nanoTime() - t0, false, false, hook, r.logs(), clock.instant());
      listeners.logs(plugin, hook, r.logs());
      return r;
    } catch (PluginException ex) {
      e.recordCall(
          System.nanoTime() - t0,
          true,
          ex instanceof PluginTimeoutException,
          hook,
          ex.logs(),
          clock.instant());
      listeners.logs(plugin, hook, ex.logs());
      throw ex;
    } finally {
      v.release();
    }
  }

  /**
   * Starts serving a loaded or disabled plugin; remembered across restarts.
   *
   * @param plugin the plugin's name
   * @throws HostException when there is no such plugin or it has no loaded version
   */
  public synchronized void enable(String plugin) throws HostException {
    controls.enable(plugin);
  }

  /**
   * Stops serving a plugin (calls already running finish); remembered across restarts.
   *
   * @param plugin the plugin's name
   * @throws HostException when there is no such plugin
   */
  public synchronized void disable(String plugin) throws HostException {
    controls.disable(plugin);
  }

  /**
   * Replaces a plugin's configuration after checking it against the plugin's {@code config_schema};
   * calls that start afterwards see it. Remembered across restarts.
   *
   * @param plugin the plugin's name
   * @param config the new configuration
   * @throws HostException when there is no such plugin, or the configuration breaks the schema
   *     ({@link HostException#problems()} names each field and rule)
   */
  public synchronized void configure(String plugin, Map<String, String> config)
      throws HostException {
    controls.configure(plugin, config);
  }

  /**
   * @return every plugin, in dispatch order
   */
  public List<PluginInfo> plugins() {
    return ordered().stream().map(PluginEntry::info).toList();
  }

  /**
   * One plugin.
   *
   * @param plugin the plugin's name
   * @return its snapshot, or empty
   */
  public Optional<PluginInfo> plugin(String plugin) {
    return Optional.ofNullable(entries.get(plugin)).map(PluginEntry::info);
  }

  /**
   * Recent lifecycle events of a plugin, oldest first.
   *
   * @param plugin the plugin's name
   * @return up to the last 256 events
   */
  public List<HostEvent> events(String plugin) {
    return Optional.ofNullable(entries.get(plugin)).map(e -> e.events.snapshot()).orElse(List.of());
  }

  /**
   * Recent log lines of a plugin, oldest first.
   *
   * @param plugin the plugin's name
   * @return up to the last 1000 lines
   */
  public List<PluginLog> logs(String plugin) {
    return Optional.ofNullable(entries.get(plugin)).map(e -> e.logs.snapshot()).orElse(List.of());
  }

  /**
   * Adds a listener for events of every plugin.
   *
   * @param listener the listener
   */
  public void addListener(HostListener listener) {
    listeners.add(listener);
  }

  /**
   * The enabled plugins, in dispatch order, as the contract facades call them.
   *
   * @return the targets
   */
  public HookTargets hookTargets() {
    return targets;
  }

  /**
   * The database-proxy hooks over this host's enabled plugins ({@code pre_query} fans out in
   * dispatch order and stops at the first non-continue, and so on; see docs/contracts).
   *
   * @return the facade
   */
  public ProxyHooks proxyHooks() {
    return ProxyHooks.of(targets, failurePolicy);
  }

  /**
   * The artifact-registry hooks over this host's enabled plugins: format handlers, metadata
   * extractors, validation hooks and post-processors.
   *
   * @return the facade
   */
  public RegistryHooks registryHooks() {
    return RegistryHooks.of(targets, failurePolicy);
  }

  /**
   * @return the settings this host runs with
   */
  public HostSettings settings() {
    return settings;
  }

  List<PluginEntry> ordered() {
    List<String> order = settings.order();
    return entries.values().stream()
        .sorted(
            Comparator.comparingInt(
                    (PluginEntry e) ->
                        order.contains(e.name) ? order.indexOf(e.name) : order.size())
                .thenComparing(e -> e.name))
        .toList();
  }

  /** Runs one watcher step now (tests drive time themselves). */
  void tick() {
    if (watcher != null) {
      watcher.tick();
    }
  }

  /** Stops watching and unloads every plugin once its calls in flight finish. */
  @Override
  public synchronized void close() {
    closed = true;
    if (watcher != null) {
      watcher.close();
    }
    if (ownScheduler) {
      scheduler.shutdownNow();
    }
    for (PluginEntry e : entries.values()) {
      if (e.current != null) {
        e.current.retire();
      }
    }
    engine.close();
  }
}
