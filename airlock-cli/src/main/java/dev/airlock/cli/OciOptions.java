package dev.airlock.cli;

import dev.airlock.oci.OciCache;
import dev.airlock.oci.OciPaths;
import dev.airlock.oci.PluginPuller;
import dev.airlock.oci.RegistryClient;
import dev.airlock.oci.RegistryConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Registry options shared by push, pull, inspect, registry and cache. */
final class OciOptions {
  @Option(
      names = "--insecure-registry",
      paramLabel = "HOST",
      description =
          "Allow plain http for this registry (host or host:port); loopback hosts always may."
              + " Also AIRLOCK_INSECURE_REGISTRIES=host1,host2.")
  List<String> insecure = new ArrayList<>();

  @Option(
      names = "--cache-dir",
      paramLabel = "DIR",
      description = "The cache (default $XDG_CACHE_HOME/airlock, else ~/.cache/airlock).")
  Path cacheDir;

  /** The environment; tests replace it. */
  static Map<String, String> environment = System.getenv();

  RegistryConfig config() {
    RegistryConfig.Builder b = RegistryConfig.fromEnvironment(environment);
    insecure.forEach(b::insecureHost);
    return b.build();
  }

  RegistryClient client() {
    return RegistryClient.create(config());
  }

  OciCache cache() {
    return new OciCache(cacheDir != null ? cacheDir : OciPaths.cacheDir(environment));
  }

  PluginPuller puller() {
    return PluginPuller.create(client(), cache());
  }
}
