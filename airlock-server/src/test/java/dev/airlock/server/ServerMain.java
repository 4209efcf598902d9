package dev.airlock.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Runs a server in a child JVM for crash tests: prints READY and its port, then serves. */
public final class ServerMain {
  private ServerMain() {}

  /**
   * Starts a server.
   *
   * @param args the data directory, then optionally a JDBC URL
   * @throws Exception when it cannot start
   */
  public static void main(String[] args) throws Exception {
    Optional<String> jdbc = args.length > 1 ? Optional.of(args[1]) : Optional.empty();
    AirlockServer server =
        AirlockServer.start(
            ServerFixture.options(
                Path.of(args[0]), jdbc, ServerOptions.DEFAULT_MAX_UPLOAD, Map.of()));
    server.recovered().forEach(line -> System.out.println("RECOVERED " + line));
    System.out.println("READY " + server.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
