package dev.airlock.cli;

import dev.airlock.server.TokenAdmin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock token}: manage the admin server's bearer tokens. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Manage the admin server's bearer tokens.",
    subcommands = {TokenCommand.Create.class})
final class TokenCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code airlock token create --scope read,invoke}. */
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a bearer token in the server's database and print it once (only its hash is"
            + " stored). A running server accepts it at once.",
        "Scopes: read (plugins, logs, events, metrics), invoke (call hooks, run tests), admin"
            + " (everything, including tokens)."
      })
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--scope",
        required = true,
        split = ",",
        paramLabel = "SCOPE",
        description = "read, invoke and/or admin (repeat or separate with commas).")
    List<String> scopes;

    @Option(names = "--name", defaultValue = "cli", description = "A label for people.")
    String name;

    @Option(
        names = "--data",
        paramLabel = "DIR",
        defaultValue = "airlock-data",
        description = "The server's data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--database", paramLabel = "JDBC_URL", description = "The server's database.")
    String database;

    @Override
    public Integer call() throws Exception {
      String url =
          database != null
              ? database
              : "jdbc:sqlite:" + data.resolve("airlock.db").toAbsolutePath();
      TokenAdmin.NewToken t = TokenAdmin.create(url, name, scopes);
      PrintWriter out = spec.commandLine().getOut();
      out.println(t.secret());
      spec.commandLine()
          .getErr()
          .println("token " + t.id() + " with scopes " + t.scopes() + " (shown once)");
      return ExitCodes.OK;
    }
  }
}
