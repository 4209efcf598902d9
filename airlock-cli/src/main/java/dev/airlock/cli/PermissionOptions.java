package dev.airlock.cli;

import dev.airlock.Units;
import dev.airlock.artefact.PathGrant;
import dev.airlock.artefact.Permissions;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/** The permission flags of {@code airlock pack}; none given means the plugin is granted nothing. */
final class PermissionOptions {
  @Option(
      names = "--max-memory",
      paramLabel = "SIZE",
      description = "Memory the plugin asks for, e.g. 4MiB (rounded up to 64 KiB pages).")
  String maxMemory;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Wall-clock limit per call the plugin asks for, e.g. 200ms.")
  String timeout;

  @Option(
      names = "--cpu-time",
      paramLabel = "DURATION",
      description = "CPU-time limit per call the plugin asks for, e.g. 100ms.")
  String cpuTime;

  @Option(
      names = "--allow-path",
      paramLabel = "HOST:GUEST[:rw]",
      description = "A host directory visible at GUEST; read-only unless :rw. Repeatable.")
  List<String> paths = new ArrayList<>();

  @Option(
      names = "--allow-host",
      paramLabel = "GLOB",
      description = "A host the HTTP host function may reach, e.g. *.example.com. Repeatable.")
  List<String> hosts = new ArrayList<>();

  @Option(
      names = "--allow-env",
      paramLabel = "NAME",
      description = "An environment variable passed to the plugin. Repeatable.")
  List<String> env = new ArrayList<>();

  Permissions toPermissions() {
    OptionalInt pages = OptionalInt.empty();
    if (maxMemory != null) {
      long bytes = Units.parseSize(maxMemory);
      long p = (bytes + 65535) / 65536;
      if (p < 1 || p > Permissions.MAX_PAGES) {
        throw new IllegalArgumentException("--max-memory should be 64KiB..4GiB, got " + maxMemory);
      }
      pages = OptionalInt.of((int) p);
    }
    List<PathGrant> grants = new ArrayList<>();
    for (String spec : paths) {
      String[] parts = spec.split(":");
      if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].equals("rw"))) {
        throw new IllegalArgumentException(
            "--allow-path should look like /host/dir:/guest/dir or /host/dir:/guest/dir:rw, got '"
                + spec
                + "'");
      }
      grants.add(new PathGrant(parts[0], parts[1], parts.length == 3));
    }
    return new Permissions(pages, millis(timeout), millis(cpuTime), grants, hosts, env);
  }

  private static OptionalLong millis(String duration) {
    return duration == null
        ? OptionalLong.empty()
        : OptionalLong.of(Units.parseDuration(duration).toMillis());
  }
}
