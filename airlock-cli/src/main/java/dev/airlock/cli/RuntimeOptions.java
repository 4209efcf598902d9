package dev.airlock.cli;

import dev.airlock.Units;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Isolation;
import dev.airlock.runtime.Limits;
import dev.airlock.runtime.Plugin;
import dev.airlock.runtime.PluginOptions;
import dev.airlock.trust.ArtefactVerifier;
import dev.airlock.trust.TrustRoot;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by the commands that run plugins: limits, trust, configuration, caching. */
final class RuntimeOptions {
  @Option(
      names = "--trust-root",
      paramLabel = "DIR",
      description = "Require a signature by a key in DIR before running.")
  Path trustRoot;

  @Option(
      names = "--config",
      paramLabel = "KEY=VALUE",
      description = "Configuration handed to the plugin. Repeatable.")
  List<String> config = List.of();

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Wall-clock limit per call, e.g. 200ms (default: 1s or what the manifest asks)")
  String timeout;

  @Option(
      names = "--cpu-time",
      paramLabel = "DURATION",
      description = "CPU-time limit per call (default: 1s or what the manifest asks).")
  String cpuTime;

  @Option(
      names = "--max-memory",
      paramLabel = "SIZE",
      description = "Memory cap, e.g. 16MiB (default: 16MiB or what the manifest asks).")
  String maxMemory;

  @Option(
      names = "--isolation",
      paramLabel = "fresh|pooled",
      defaultValue = "fresh",
      description = "A new instance per call, or reused ones (default: ${DEFAULT-VALUE}).")
  String isolation;

  @Option(
      names = "--compile-cache",
      paramLabel = "DIR",
      description =
          "Where compiled modules are cached (default: $XDG_CACHE_HOME/airlock/"
              + "compiled, else ~/.cache/airlock/compiled).")
  Path compileCache;

  @Option(names = "--no-compile-cache", description = "Do not use the disk compile cache.")
  boolean noCompileCache;

  Engine engine() {
    Limits.Builder max =
        Limits.builder()
            .maxMemoryPages(4096)
            .timeout(java.time.Duration.ofSeconds(30))
            .cpuTime(java.time.Duration.ofSeconds(30));
    Limits.Builder def = Limits.builder();
    if (timeout != null) {
      max.timeout(Units.parseDuration(timeout));
      def.timeout(Units.parseDuration(timeout));
    }
    if (cpuTime != null) {
      max.cpuTime(Units.parseDuration(cpuTime));
      def.cpuTime(Units.parseDuration(cpuTime));
    }
    if (maxMemory != null) {
      long pages = (Units.parseSize(maxMemory) + 65_535) / 65_536;
      if (pages < 1 || pages > 65_536) {
        throw new IllegalArgumentException("--max-memory should be 64KiB..4GiB, got " + maxMemory);
      }
      max.maxMemoryPages((int) pages);
      def.maxMemoryPages((int) pages);
    }
    return Engine.builder()
        .defaultLimits(def.build())
        .maximumLimits(max.build())
        .compileCache(noCompileCache ? null : cacheDir())
        .build();
  }

  Plugin load(Engine engine, Path artefact) throws Exception {
    ArtefactVerifier verifier =
        trustRoot == null
            ? ArtefactVerifier.withoutTrustRoot()
            : ArtefactVerifier.trusting(TrustRoot.load(trustRoot));
    return engine.load(verifier.verify(ArtefactReader.create().read(artefact)), options());
  }

  PluginOptions options() {
    Isolation iso =
        switch (isolation) {
          case "fresh" -> Isolation.FRESH;
          case "pooled" -> Isolation.POOLED;
          default ->
              throw new IllegalArgumentException(
                  "--isolation should be fresh or pooled, got '" + isolation + "'");
        };
    Map<String, String> values = new LinkedHashMap<>();
    for (String kv : config) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--config should be KEY=VALUE, got '" + kv + "'");
      }
      values.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return PluginOptions.builder().isolation(iso).config(values).build();
  }

  private Path cacheDir() {
    if (compileCache != null) {
      return compileCache;
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("airlock").resolve("compiled");
  }
}
