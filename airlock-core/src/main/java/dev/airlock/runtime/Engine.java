package dev.airlock.runtime;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.airlock.artefact.Abi;
import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.trust.VerifiedArtefact;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads verified artefacts into sandboxed {@link Plugin}s. One engine serves many plugins: it owns
 * the watchdog thread, the compiled-module cache (in memory, and on disk when a directory is given)
 * and the host-wide limits and grant policy.
 *
 * <p>Thread-safe. Close it to stop the watchdog.
 */
public final class Engine implements AutoCloseable {

  /**
   * WASI's signatures, made when a module first imports WASI: building Chicory's WASI host
   * functions takes about 70 ms in a cold JVM, a third of a cached cold load.
   */
  private static final class Wasi {
    static final Map<String, FunctionType> FUNCTIONS =
        ModuleChecks.signatures(Sandbox.wasiSignatures());
  }

  private final Limits defaults;
  private final Limits maximum;
  private final boolean allowNetwork;
  private final boolean allowFiles;
  private final boolean allowEnv;
  private final LogLine.Level logLevel;
  private final ModuleCompiler compiler;
  private final Watchdog watchdog = new Watchdog();
  private final HttpGateway http = new HttpGateway();
  private final List<ExtismAbi.UserFunction> userFunctions;

  private Engine(Builder b) {
    this.defaults = b.defaults.cappedBy(b.maximum);
    this.maximum = b.maximum;
    this.allowNetwork = b.allowNetwork;
    this.allowFiles = b.allowFiles;
    this.allowEnv = b.allowEnv;
    this.logLevel = b.logLevel;
    this.userFunctions = List.copyOf(b.userFunctions);
    this.compiler =
        new ModuleCompiler(b.compileCache == null ? null : DiskCompileCache.open(b.compileCache));
  }

  /**
   * A builder.
   *
   * @return a builder with default limits, no disk cache and no network
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Loads a plugin with default options.
   *
   * @param artefact a verified artefact
   * @return the plugin
   * @throws PluginException when the module does not fit its ABI, the host or its caps
   */
  public Plugin load(VerifiedArtefact artefact) throws PluginException {
    return load(artefact, PluginOptions.defaults());
  }

  /**
   * How the compiled-module caches (in memory, and on disk when configured) served loads so far.
   *
   * @return the counts
   */
  public CompileCacheStats compileCacheStats() {
    return compiler.stats();
  }

  /**
   * Loads a plugin: parses and compiles its module once (cached by the wasm's SHA-256), checks
   * imports, exports, hooks, memories, tables and grants, and returns a handle ready to call.
   *
   * @param artefact a verified artefact
   * @param options isolation, pool size and configuration
   * @return the plugin
   * @throws PluginException when the module does not fit its ABI, the host or its caps
   */
  public Plugin load(VerifiedArtefact artefact, PluginOptions options) throws PluginException {
    Artefact a = artefact.artefact();
    Manifest manifest = a.manifest();
    String name = manifest.name();
    ModuleCompiler.Compiled c = compiler.compile(name, a);
    ModuleChecks checks = new ModuleChecks(name, c.module());
    Limits limits = effectiveLimits(manifest.permissions());
    checkGrants(name, manifest.permissions());
    checks.memory(limits);
    checks.tables(limits);
    Abi abi = manifest.abi().orElse(checks.importsModule(ExtismAbi.MODULE) ? Abi.EXTISM : Abi.RAW);
    AbiBinding binding = abi == Abi.EXTISM ? new ExtismAbi(http, userFunctions) : new RawAbi();
    PluginContext context =
        new PluginContext(name, limits, manifest.permissions(), options.config(), logLevel);
    List<HostFunction> abiFunctions = binding.hostFunctions(new InstanceSlot());
    Map<String, FunctionType> provided = new LinkedHashMap<>(ModuleChecks.signatures(abiFunctions));
    if (checks.importsModule(Sandbox.WASI)) {
      provided.putAll(Wasi.FUNCTIONS);
    }
    checks.imports(provided);
    if (abi == Abi.RAW && !checks.exportsMemory()) {
      throw new PluginAbiException(
          name, null, "plugin '" + name + "': a raw-ABI module must export its memory as 'memory'");
    }
    Map<String, FunctionType> hooks =
        checks.exports(binding.requiredExports(), binding.hookTypes(), manifest.hooks());
    Map<String, Boolean> hookOutputs = new LinkedHashMap<>();
    hooks.forEach((hook, type) -> hookOutputs.put(hook, !type.returns().isEmpty()));
    Sandbox sandbox =
        new Sandbox(
            c.module(),
            c.machines(),
            binding,
            context,
            checks.importsModule(Sandbox.WASI),
            checks.exportsFunction(ModuleChecks.INITIALIZE),
            c.interpreted());
    return new Plugin(
        manifest, abi, hookOutputs, context, sandbox, binding, watchdog, options, c.interpreted());
  }

  private Limits effectiveLimits(Permissions p) {
    Limits.Builder b = defaults.toBuilder();
    p.maxMemoryPages().ifPresent(b::maxMemoryPages);
    p.maxExecutionMillis().ifPresent(ms -> b.timeout(Duration.ofMillis(ms)));
    p.maxCpuMillis().ifPresent(ms -> b.cpuTime(Duration.ofMillis(ms)));
    return b.build().cappedBy(maximum);
  }

  private void checkGrants(String name, Permissions p) throws PluginAbiException {
    List<String> refused = new ArrayList<>();
    if (!p.allowedHosts().isEmpty() && !allowNetwork) {
      refused.add("network access (allowed_hosts " + p.allowedHosts() + ")");
    }
    if (!p.allowedPaths().isEmpty() && !allowFiles) {
      refused.add("file access (allowed_paths)");
    }
    if (!p.env().isEmpty() && !allowEnv) {
      refused.add("environment variables (env " + p.env() + ")");
    }
    for (var g : p.allowedPaths()) {
      if (allowFiles && !java.nio.file.Files.isDirectory(Path.of(g.host()))) {
        refused.add("directory " + g.host() + ", which does not exist");
      }
    }
    if (!refused.isEmpty()) {
      throw new PluginAbiException(
          name,
          null,
          "plugin '"
              + name
              + "' asks for "
              + String.join(", ", refused)
              + ", which this host does not grant");
    }
  }

  /**
   * @return limits used when a manifest asks for nothing
   */
  public Limits defaultLimits() {
    return defaults;
  }

  /**
   * @return limits no manifest can exceed
   */
  public Limits maximumLimits() {
    return maximum;
  }

  /** Stops the watchdog. Plugins of this engine must not be called afterwards. */
  @Override
  public void close() {
    watchdog.close();
  }

  /** Builds an {@link Engine}. Not thread-safe. */
  public static final class Builder {
    private Limits defaults = Limits.defaults();
    private Limits maximum =
        Limits.builder()
            .maxMemoryPages(4096)
            .timeout(Duration.ofSeconds(30))
            .cpuTime(Duration.ofSeconds(30))
            .build();
    private boolean allowNetwork;
    private boolean allowFiles = true;
    private boolean allowEnv = true;
    private LogLine.Level logLevel = LogLine.Level.INFO;
    private Path compileCache;
    private final List<ExtismAbi.UserFunction> userFunctions = new ArrayList<>();

    private Builder() {}

    /**
     * Offers a function to Extism plugins as {@code extism:host/user} {@code name}, taking {@code
     * params} and returning {@code results} 64-bit values.
     *
     * @param name the import name
     * @param params number of i64 parameters
     * @param results number of i64 results, 0 or 1
     * @param function the implementation
     * @return this builder
     * @throws IllegalArgumentException for a bad name or arity, or a name given twice
     */
    public Builder extismHostFunction(
        String name, int params, int results, ExtismHostFunction function) {
      if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
        throw new IllegalArgumentException(
            "host function name should be an identifier, got " + name);
      }
      if (params < 0 || params > 16 || results < 0 || results > 1) {
        throw new IllegalArgumentException(
            "host function " + name + " should take 0..16 parameters and return 0 or 1 results");
      }
      if (userFunctions.stream().anyMatch(u -> u.name().equals(name))) {
        throw new IllegalArgumentException("host function " + name + " is registered twice");
      }
      userFunctions.add(
          new ExtismAbi.UserFunction(
              name, params, results, java.util.Objects.requireNonNull(function)));
      return this;
    }

    /**
     * @param limits limits used when a manifest asks for nothing (capped by the maximum)
     * @return this builder
     */
    public Builder defaultLimits(Limits limits) {
      this.defaults = java.util.Objects.requireNonNull(limits);
      return this;
    }

    /**
     * @param limits limits no manifest can exceed
     * @return this builder
     */
    public Builder maximumLimits(Limits limits) {
      this.maximum = java.util.Objects.requireNonNull(limits);
      return this;
    }

    /**
     * @param allow whether plugins may be granted network access (default false)
     * @return this builder
     */
    public Builder allowNetwork(boolean allow) {
      this.allowNetwork = allow;
      return this;
    }

    /**
     * @param allow whether plugins may be granted directories (default true)
     * @return this builder
     */
    public Builder allowFiles(boolean allow) {
      this.allowFiles = allow;
      return this;
    }

    /**
     * @param allow whether plugins may be granted environment variables (default true)
     * @return this builder
     */
    public Builder allowEnv(boolean allow) {
      this.allowEnv = allow;
      return this;
    }

    /**
     * @param level the lowest level of plugin log lines kept (default INFO)
     * @return this builder
     */
    public Builder logLevel(LogLine.Level level) {
      this.logLevel = java.util.Objects.requireNonNull(level);
      return this;
    }

    /**
     * @param dir where compiled modules are cached between JVMs, or {@code null} for none
     * @return this builder
     */
    public Builder compileCache(Path dir) {
      this.compileCache = dir;
      return this;
    }

    /**
     * Builds the engine and starts its watchdog.
     *
     * @return the engine
     */
    public Engine build() {
      return new Engine(this);
    }
  }
}
