package dev.airlock.cli;

import dev.airlock.host.Settings;
import dev.airlock.server.AirlockServer;
import dev.airlock.server.ServerOptions;
import dev.airlock.server.SourceOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock serve}: the admin server and dashboard, in the foreground until Ctrl-C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the admin server: a REST API under /api/v1 that installs, enables, disables,"
          + " configures, updates and deletes plugins in a running host, and a dashboard at /.",
      "With no arguments it starts an embedded demo: data in ./airlock-data (SQLite database,"
          + " artefact store, plugins), a demo signing key and trust root, the example plugins"
          + " offered for install, and a one-time admin token printed at first start.",
      "Settings come from flags, then the environment, then the settings file (as for 'airlock"
          + " host'); AIRLOCK_ADMIN_TOKEN sets the admin token.",
      "JSON installs from a catalog index (--index), a git repository, a URL or an OCI"
          + " registry fetch with the catalog and OCI clients; the server verifies what they fetch."
    })
final class ServeCommand implements Callable<Integer> {
  /** Jetty and Javalin log their start at INFO; the command prints what matters itself. */
  private static final java.util.List<java.util.logging.Logger> QUIET =
      java.util.List.of(
          java.util.logging.Logger.getLogger("io.javalin"),
          java.util.logging.Logger.getLogger("org.eclipse.jetty"));

  @Spec CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      defaultValue = "127.0.0.1:8080",
      description = "Where to listen (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      defaultValue = "airlock-data",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(
      names = "--database",
      paramLabel = "JDBC_URL",
      description = "jdbc:sqlite:FILE (default: DATA/airlock.db) or jdbc:postgresql://HOST/DB.")
  String database;

  @Option(
      names = "--max-upload",
      paramLabel = "BYTES",
      description = "Largest install request accepted (default: 65 MiB).")
  Long maxUpload;

  @Option(
      names = "--index",
      paramLabel = "PATH|URL",
      description = "Catalog index.json for {\"source\": \"registry\"} installs (AIRLOCK_INDEX).")
  String index;

  @Option(
      names = "--index-trust-root",
      paramLabel = "DIR",
      description =
          "Keys the index must be signed by (AIRLOCK_INDEX_TRUST_ROOT; default: the trust root).")
  Path indexTrustRoot;

  @Option(
      names = "--allow-unsigned-index",
      negatable = true,
      description = "Use an index without a checked index.json.sig (AIRLOCK_ALLOW_UNSIGNED_INDEX).")
  Boolean allowUnsignedIndex;

  @Option(
      names = "--oci-cache",
      paramLabel = "DIR",
      description =
          "Cache for {\"source\": \"oci\"} pulls (AIRLOCK_OCI_CACHE; default DATA/cache/oci).")
  Path ociCache;

  @Mixin HostCommand.Flags flags;

  /** The environment settings are read from; tests replace it. */
  Map<String, String> environment = System.getenv();

  /** The install sources' settings: flags over the environment. */
  SourceOptions sourceOptions() {
    SourceOptions so = SourceOptions.fromEnvironment(environment);
    if (index != null) {
      so = so.withIndex(index);
    }
    if (indexTrustRoot != null) {
      so = so.withIndexTrustRoot(indexTrustRoot);
    }
    if (allowUnsignedIndex != null) {
      so = so.withAllowUnsignedIndex(allowUnsignedIndex);
    }
    if (ociCache != null) {
      so = so.withOciCache(ociCache);
    }
    return so;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    QUIET.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
    Map.Entry<String, Integer> where = ServerOptions.parseListen(listen);
    if (flags.dir != null || flags.hotReload != null || flags.debounce != null) {
      throw new IllegalArgumentException(
          "--dir, --hot-reload and --debounce are not used by 'serve': the server owns its"
              + " plugins directory ("
              + data.resolve("plugins")
              + ") and changes it only through the API; choose the data directory with --data");
    }
    flags.dir = data.resolve("plugins").toString();
    Settings settings = flags.load(environment);
    String token = environment.get("AIRLOCK_ADMIN_TOKEN");
    ServerOptions options =
        new ServerOptions(
            where.getKey(),
            where.getValue(),
            data,
            Optional.ofNullable(database),
            settings,
            Optional.ofNullable(token).filter(t -> !t.isBlank()),
            maxUpload != null ? maxUpload : ServerOptions.DEFAULT_MAX_UPLOAD,
            Duration.ofSeconds(30));
    // The same [oci] signature policy as `airlock host`: oci installs are checked under it.
    AirlockServer server =
        AirlockServer.start(
            options, sourceOptions().withOciVerifier(HostSignatures.verifier(settings, out)));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("airlock-serve-stop")
                .unstarted(
                    () -> {
                      server.close();
                      stopped.countDown();
                    }));
    for (String line : server.recovered()) {
      out.println("recovered: " + line);
    }
    out.println("Airlock server: " + server.url());
    out.println("  data     " + data.toAbsolutePath());
    out.println(
        "  database " + (database != null ? "from --database" : "SQLite in the data directory"));
    server
        .generatedAdminToken()
        .ifPresentOrElse(
            t -> {
              out.println("  admin token (shown once; only its hash is stored):");
              out.println("    " + t);
            },
            () ->
                out.println(
                    "  admin token: "
                        + (token != null
                            ? "the one in AIRLOCK_ADMIN_TOKEN"
                            : "the one printed at first start")
                        + " (make another: airlock token create --scope admin --data "
                        + data
                        + ")"));
    out.println(
        "Open the URL, sign in with the token, install an example plugin and enable it."
            + " Ctrl-C stops.");
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
