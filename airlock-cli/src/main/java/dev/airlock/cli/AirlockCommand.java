package dev.airlock.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level {@code airlock} command. */
@Command(
    name = "airlock",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Ship and run untrusted WebAssembly plugins on the JVM.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:internal error (a bug: please report it with --stacktrace)",
      "2:usage error (unknown option, bad value)",
      "3:invalid artefact (format, manifest, digest, size)",
      "4:verification refused (unsigned, untrusted or bad signature, bad key)",
      "5:I/O error (file missing, unreadable, not writable)",
      "6:plugin refused at load (ABI, imports, exports, memory or grants)",
      "7:plugin trapped or broke its ABI during the call",
      "8:plugin ran past its time or CPU budget",
      "9:plugin hit a size cap (input, output, logs, KV, HTTP)",
      "10:plugin reported an error itself",
      "11:catalog refused: no such plugin or version, downgrade, expired or rolled-back index",
      "12:registry error (unreachable, refused, bad or unusable content, no cached copy; also"
          + " Fulcio or Rekor during sign --keyless)"
    },
    subcommands = {
      KeygenCommand.class,
      PackCommand.class,
      InspectCommand.class,
      SignCommand.class,
      VerifyCommand.class,
      RunCommand.class,
      BenchCommand.class,
      ProfileCommand.class,
      TestCommand.class,
      DemoCommand.class,
      HostCommand.class,
      ConfigCommand.class,
      CatalogCommand.class,
      InstallCommand.class,
      NewCommand.class,
      PushCommand.class,
      PullCommand.class,
      RegistryCommand.class,
      CacheCommand.class,
      ServeCommand.class,
      TokenCommand.class
    })
public final class AirlockCommand implements Runnable {
  @Option(
      names = "--stacktrace",
      scope = ScopeType.INHERIT,
      description = "Print the full stack trace of an error.")
  boolean stacktrace;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /**
   * Where plugin output bytes go: the process's stdout, byte for byte; in tests and the demo, the
   * text writer the CLI was given.
   */
  java.io.OutputStream binaryOut = System.out;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
