package dev.airlock.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;

/** Entry point of the {@code airlock} command. */
public final class Main {
  /**
   * The library logs through System.Logger (java.util.logging by default). The CLI prints what
   * matters itself, so library logs are off unless AIRLOCK_LOG names a level (e.g. FINE, INFO).
   * Held in a field so the configured logger is not garbage collected.
   */
  private static final java.util.logging.Logger LIBRARY_LOG =
      java.util.logging.Logger.getLogger("dev.airlock");

  private Main() {}

  private static void configureLogging() {
    // JGit (git sources) logs through SLF4J; without a provider SLF4J prints a warning on stderr.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    String level = System.getenv("AIRLOCK_LOG");
    try {
      LIBRARY_LOG.setLevel(
          level == null || level.isBlank()
              ? java.util.logging.Level.OFF
              : java.util.logging.Level.parse(level.trim().toUpperCase(java.util.Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      LIBRARY_LOG.setLevel(java.util.logging.Level.OFF);
    }
  }

  /**
   * Runs the CLI and exits with its exit code.
   *
   * @param args command-line arguments
   */
  public static void main(String[] args) {
    configureLogging();
    CommandLine cli =
        commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    ((AirlockCommand) cli.getCommand()).binaryOut = System.out;
    System.exit(cli.execute(args));
  }

  /**
   * Runs the CLI with the given streams, for tests and the demo.
   *
   * @param args command-line arguments
   * @param out standard output
   * @param err standard error
   * @return the exit code
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return commandLine(out, err).execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    AirlockCommand root = new AirlockCommand();
    root.binaryOut =
        new java.io.OutputStream() {
          private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

          @Override
          public void write(int b) {
            pending.write(b);
          }

          @Override
          public void flush() {
            out.print(pending.toString(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            pending.reset();
          }
        };
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("error: " + describe(e));
          if (root.stacktrace) {
            e.printStackTrace(cmd.getErr());
          }
          cmd.getErr().flush();
          return ExitCodes.of(e);
        });
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine cmd = e.getCommandLine();
          cmd.getErr().println("error: " + e.getMessage());
          cmd.getErr().println("(see 'airlock " + subcommandPath(cmd) + "--help')");
          cmd.getErr().flush();
          return ExitCodes.USAGE;
        });
    return cli;
  }

  private static String subcommandPath(CommandLine cmd) {
    StringBuilder path = new StringBuilder();
    for (CommandLine c = cmd; c.getParent() != null; c = c.getParent()) {
      path.insert(0, c.getCommandName() + " ");
    }
    return path.toString();
  }

  /** One line a person can act on, without a stack trace. */
  static String describe(Throwable e) {
    return switch (e) {
      case NoSuchFileException n -> "no such file: " + n.getFile();
      case AccessDeniedException a -> "permission denied: " + a.getFile();
      case FileAlreadyExistsException f ->
          f.getFile() + " already exists" + (f.getReason() == null ? "" : ": " + f.getReason());
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }
}
