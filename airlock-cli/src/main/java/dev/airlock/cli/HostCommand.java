package dev.airlock.cli;

import dev.airlock.host.HostEvent;
import dev.airlock.host.PluginHost;
import dev.airlock.host.Settings;
import dev.airlock.host.SettingsException;
import dev.airlock.host.SettingsLoader;
import dev.airlock.host.SettingsProvider;
import dev.airlock.host.SettingsProviders;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock host}: run a plugin host in the foreground until Ctrl-C. */
@Command(
    name = "host",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run a plugin host in the foreground: load every plugin in the directory, reload them as"
          + " files change, and print each lifecycle event as one line (time, plugin, event,"
          + " message). Ctrl-C stops it cleanly.",
      "Settings come from flags, then the environment (PLUGINS_PATH, PLUGIN_MAX_MEMORY_MB, …),"
          + " then the settings file, then the defaults; 'airlock config show' prints them."
    })
final class HostCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin Flags flags;

  /** The environment settings are read from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Settings s = flags.load(environment);
    if (!s.pluginsEnabled()) {
      line(
          out,
          Instant.now(),
          "*",
          "DISABLED",
          "plugins are switched off (" + s.origin("enabled") + "); no host started");
      return ExitCodes.OK;
    }
    OciOptions oci = new OciOptions();
    dev.airlock.oci.PullVerifier signatures = HostSignatures.verifier(s, out);
    dev.airlock.oci.sign.KeepServingResolver resolver =
        new dev.airlock.oci.sign.KeepServingResolver(
            oci.puller(),
            dev.airlock.oci.PullOptions.defaults()
                .withVerifier(signatures)
                .withListener(
                    e -> {
                      if (e.phase() == dev.airlock.oci.ProgressEvent.Phase.DONE
                          || e.phase() == dev.airlock.oci.ProgressEvent.Phase.FAILED
                          || (!e.message().isEmpty()
                              && e.phase() == dev.airlock.oci.ProgressEvent.Phase.RESOLVING)) {
                        line(
                            out,
                            Instant.now(),
                            "*",
                            "PULL",
                            e.reference() + " " + e.phase().label() + " " + e.message());
                      }
                    }),
            w -> line(out, Instant.now(), "*", "WARNING", w));
    for (Path copied : SettingsProviders.install(s, resolver)) {
      line(out, Instant.now(), "*", "INSTALLED", copied.getFileName() + " from [[providers]]");
    }
    PluginHost host = s.hostBuilder().build();
    host.addListener(e -> line(out, e));
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        Thread.ofPlatform()
            .name("airlock-host-stop")
            .unstarted(
                () -> {
                  host.close();
                  line(out, Instant.now(), "*", "STOPPED", "");
                  stopped.countDown();
                });
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      host.start();
    } catch (IOException | RuntimeException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      host.close();
      throw e;
    }
    started(out, s, host);
    stopped.await();
    return ExitCodes.OK;
  }

  private static void started(PrintWriter out, Settings s, PluginHost host) {
    line(
        out,
        Instant.now(),
        "*",
        "STARTED",
        "plugins in "
            + s.host().directory().toAbsolutePath()
            + (s.host().hotReload() ? ", hot reload on" : ", hot reload off")
            + (s.host().requireSignature() ? ", signatures required" : ", signatures not checked")
            + "; Ctrl-C stops");
    for (SettingsProvider p : s.providers()) {
      if (p.file().isPresent() && host.plugin(p.name()).isEmpty()) {
        line(
            out,
            Instant.now(),
            p.name(),
            "WARNING",
            p.file().get().getFileName()
                + " holds no plugin named '"
                + p.name()
                + "', so the provider's config applies to nothing");
      }
    }
  }

  static void line(PrintWriter out, HostEvent e) {
    line(out, e.time(), e.plugin(), e.type().name(), e.message());
  }

  /** One event, one line: time, plugin, event, message (control characters blanked). */
  static void line(PrintWriter out, Instant time, String plugin, String event, String message) {
    String text =
        time.truncatedTo(ChronoUnit.MILLIS)
            + " "
            + plugin
            + " "
            + event
            + (message.isEmpty() ? "" : " " + message);
    synchronized (out) {
      out.println(text.replaceAll("\\p{Cntrl}", " "));
      out.flush();
    }
  }

  /** The flags of the main settings, shared with {@code airlock config show}. */
  static final class Flags {
    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "Settings file: airlock.toml, or .json/.yaml/.yml.")
    Path config;

    @Option(names = "--dir", paramLabel = "DIR", description = "Plugins directory (PLUGINS_PATH).")
    String dir;

    @Option(
        names = "--trust-root",
        paramLabel = "DIR",
        description = "Trusted keys (PLUGIN_TRUSTED_KEYS); signatures are then required.")
    String trustRoot;

    @Option(
        names = "--require-signature",
        negatable = true,
        description = "Refuse unsigned plugins (PLUGIN_REQUIRE_SIGNATURE).")
    Boolean requireSignature;

    @Option(
        names = "--allowed-sources",
        paramLabel = "LIST",
        description = "Where plugins may come from: file,oci,registry,git,url.")
    String allowedSources;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Default memory, e.g. 16MiB.")
    String memory;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "Default wall clock.")
    String timeout;

    @Option(names = "--cpu-time", paramLabel = "DURATION", description = "Default CPU time.")
    String cpuTime;

    @Option(
        names = "--max-memory",
        paramLabel = "SIZE",
        description = "Memory no manifest can exceed (PLUGIN_MAX_MEMORY_MB).")
    String maxMemory;

    @Option(
        names = "--max-timeout",
        paramLabel = "DURATION",
        description = "Wall clock no manifest can exceed (PLUGIN_MAX_EXECUTION_TIME_MS).")
    String maxTimeout;

    @Option(
        names = "--max-cpu-time",
        paramLabel = "DURATION",
        description = "CPU time no manifest can exceed (PLUGIN_MAX_CPU_MS).")
    String maxCpuTime;

    @Option(names = "--isolation", paramLabel = "fresh|pooled", description = "Instances.")
    String isolation;

    @Option(names = "--hot-reload", negatable = true, description = "Watch the directory.")
    Boolean hotReload;

    @Option(
        names = "--debounce",
        paramLabel = "DURATION",
        description = "How long a file must stay unchanged before it loads.")
    String debounce;

    @Option(
        names = "--allow-network",
        negatable = true,
        description = "Let plugins be granted HTTP hosts (PLUGIN_ALLOW_NETWORK).")
    Boolean allowNetwork;

    @Option(
        names = "--log-level",
        paramLabel = "LEVEL",
        description = "Lowest plugin log level kept: trace|debug|info|warn|error.")
    String logLevel;

    @Option(names = "--compile-cache", paramLabel = "DIR", description = "Compiled-module cache.")
    String compileCache;

    Map<String, String> values() {
      Map<String, String> m = new LinkedHashMap<>();
      put(m, "directory", dir);
      put(m, "trust_root", trustRoot);
      put(m, "require_signature", requireSignature);
      put(m, "allowed_sources", allowedSources);
      put(m, "memory", memory);
      put(m, "timeout", timeout);
      put(m, "cpu_time", cpuTime);
      put(m, "max_memory", maxMemory);
      put(m, "max_timeout", maxTimeout);
      put(m, "max_cpu_time", maxCpuTime);
      put(m, "isolation", isolation);
      put(m, "hot_reload", hotReload);
      put(m, "debounce", debounce);
      put(m, "allow_network", allowNetwork);
      put(m, "log_level", logLevel);
      put(m, "compile_cache", compileCache);
      return m;
    }

    private static void put(Map<String, String> m, String key, Object value) {
      if (value != null) {
        m.put(key, value.toString());
      }
    }

    /** Loads the settings; a bad setting is a usage error (exit code 2). */
    Settings load(Map<String, String> environment) throws IOException {
      try {
        return SettingsLoader.load(values(), environment, Optional.ofNullable(config));
      } catch (SettingsException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
  }
}
