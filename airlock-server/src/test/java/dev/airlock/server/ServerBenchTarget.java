package dev.airlock.server;

import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What airlock-benchmarks/run-server-bench.sh measures with wrk: a server with the {@code echo}
 * example installed and enabled, and in the same JVM a bare Javalin endpoint that does nothing.
 * Prints {@code READY <server port> <bare port> <token>}, then serves until killed.
 */
public final class ServerBenchTarget {
  private ServerBenchTarget() {}

  /**
   * Starts both.
   *
   * @param args optionally the isolation: {@code fresh} (the default) or {@code pooled}
   * @throws Exception when either cannot start
   */
  public static void main(String[] args) throws Exception {
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    Path data = Files.createTempDirectory("airlock-bench-");
    String isolation = args.length > 0 ? args[0] : "fresh";
    var settings =
        dev.airlock.host.SettingsLoader.load(
            java.util.Map.of(
                "directory", data.resolve("plugins").toString(), "isolation", isolation),
            java.util.Map.of(),
            java.util.Optional.empty());
    var o = ServerFixture.options(data, java.util.Optional.empty(), 1 << 20, java.util.Map.of());
    ServerFixture s =
        ServerFixture.wrap(
            AirlockServer.start(
                new ServerOptions(
                    o.host(),
                    0,
                    data,
                    o.databaseUrl(),
                    settings,
                    o.adminToken(),
                    o.maxUploadBytes(),
                    o.idleTimeout())),
            data);
    if (s.installExample("echo").status() != 201
        || s.post("/api/v1/plugins/echo/enable", null).status() != 200) {
      throw new IllegalStateException("cannot install and enable echo");
    }
    Javalin bare =
        Javalin.create(c -> c.showJavalinBanner = false)
            .post("/noop", ctx -> ctx.status(200))
            .start("127.0.0.1", 0);
    System.out.println("READY " + s.server.port() + " " + bare.port() + " " + ServerFixture.ADMIN);
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
