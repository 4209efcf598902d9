package dev.airlock.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL from Debian's {@code postgresql} package: {@code initdb} into a fresh
 * directory and {@code postgres} on 127.0.0.1 and a free port. PostgreSQL refuses to run as root,
 * so when the tests run as root it runs as the {@code postgres} user (via {@code runuser}). Stop it
 * with {@link #close()}; {@link #restart()} stops and starts it on the same port and data.
 */
public final class PostgresHarness implements AutoCloseable {
  private final java.util.concurrent.atomic.AtomicInteger databases =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;
  private Process server;

  private PostgresHarness(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /**
   * Where Debian keeps the PostgreSQL programs, e.g. {@code /usr/lib/postgresql/15/bin}.
   *
   * @return the newest version's bin directory, or empty when the package is not installed
   */
  public static Optional<Path> binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(p -> p.getParent().getFileName().toString()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Initializes a cluster and starts it.
   *
   * @return the running server
   * @throws IOException when a program cannot run
   * @throws InterruptedException when interrupted
   * @throws IllegalStateException when PostgreSQL is not installed or does not start
   */
  public static PostgresHarness start() throws IOException, InterruptedException {
    Path bin =
        binaries()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "PostgreSQL is not installed: apt-get install postgresql"));
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("airlock-pg-");
    PostgresHarness pg = new PostgresHarness(bin, dir, freePort(), root);
    if (root) {
      run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
    }
    pg.runAs(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-U",
            "airlock",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-sync"));
    pg.startServer();
    pg.runAs(
        List.of(
            bin.resolve("createdb").toString(),
            "-h",
            "127.0.0.1",
            "-p",
            String.valueOf(pg.port),
            "-U",
            "airlock",
            "airlock"));
    return pg;
  }

  /**
   * @return a JDBC URL for the {@code airlock} database
   */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/airlock?user=airlock";
  }

  /**
   * Creates an empty database, so that each test gets its own.
   *
   * @return its JDBC URL
   * @throws java.sql.SQLException when it cannot be created (a PostgreSQL JDBC driver must be on
   *     the class path)
   */
  public String newDatabase() throws java.sql.SQLException {
    String db = "t" + databases.incrementAndGet();
    try (var c = java.sql.DriverManager.getConnection(jdbcUrl());
        var st = c.createStatement()) {
      st.execute("CREATE DATABASE " + db);
    }
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + db + "?user=airlock";
  }

  /**
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Stops the server (fast shutdown), leaving its data.
   *
   * @throws IOException when pg_ctl cannot run
   * @throws InterruptedException when interrupted
   */
  public void stop() throws IOException, InterruptedException {
    if (server != null) {
      runAs(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              dir.resolve("data").toString(),
              "-m",
              "fast",
              "-w",
              "stop"));
      server.waitFor();
      server = null;
    }
  }

  /**
   * Stops and starts again on the same port and data.
   *
   * @throws IOException when a program cannot run
   * @throws InterruptedException when interrupted
   */
  public void restart() throws IOException, InterruptedException {
    stop();
    startServer();
  }

  private void startServer() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(prefix());
    cmd.addAll(
        List.of(
            bin.resolve("postgres").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-p",
            String.valueOf(port),
            "-h",
            "127.0.0.1",
            "-k",
            dir.toString(),
            "-c",
            "fsync=off"));
    server =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("postgres.log").toFile())
            .start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      var r =
          Processes.run(
              dir,
              java.util.Map.of(),
              List.of(
                  bin.resolve("pg_isready").toString(),
                  "-h",
                  "127.0.0.1",
                  "-p",
                  String.valueOf(port)));
      if (r.code() == 0) {
        return;
      }
      if (!server.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "PostgreSQL did not start:\n" + Files.readString(dir.resolve("postgres.log")));
  }

  private List<String> prefix() {
    return asPostgresUser ? List.of("runuser", "-u", "postgres", "--") : List.of();
  }

  private void runAs(List<String> command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(prefix());
    cmd.addAll(command);
    run(cmd);
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Processes.run(Path.of(System.getProperty("java.io.tmpdir")), java.util.Map.of(), cmd).ok();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() throws IOException {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (server != null) {
        server.destroyForcibly();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
