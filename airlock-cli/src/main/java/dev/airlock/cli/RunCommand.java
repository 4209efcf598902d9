package dev.airlock.cli;

import dev.airlock.runtime.CallResult;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.LogLine;
import dev.airlock.runtime.Plugin;
import dev.airlock.runtime.PluginException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock run}: call one hook once. */
@Command(
    mixinStandardHelpOptions = true,
    name = "run",
    sortOptions = false,
    description = {
      "Call one hook of a plugin in the sandbox: the output goes to stdout, the plugin's logs to"
          + " stderr, and the exit code says how the call ended (see 'airlock --help')."
    })
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @picocli.CommandLine.ParentCommand AirlockCommand parent;

  @Parameters(paramLabel = "ARTEFACT", description = "A .tar.gz artefact or a bare .wasm.")
  Path artefact;

  @Option(names = "--hook", required = true, description = "The hook (export) to call.")
  String hook;

  @Option(
      names = "--input",
      paramLabel = "FILE|-",
      description = "Input bytes from a file, or - for stdin (default: empty).")
  String input;

  @Mixin RuntimeOptions runtime;

  @Override
  public Integer call() throws Exception {
    byte[] in =
        input == null
            ? new byte[0]
            : input.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(input));
    PrintWriter err = spec.commandLine().getErr();
    try (Engine engine = runtime.engine();
        Plugin plugin = runtime.load(engine, artefact)) {
      CallResult r;
      try {
        r = plugin.call(hook, in);
      } catch (PluginException e) {
        printLogs(err, plugin.name(), e.logs());
        throw e;
      }
      printLogs(err, plugin.name(), r.logs());
      parent.binaryOut.write(r.output());
      parent.binaryOut.flush();
      return ExitCodes.OK;
    }
  }

  static void printLogs(PrintWriter err, String plugin, List<LogLine> logs) {
    for (LogLine line : logs) {
      err.println("[" + plugin + "] " + line.level() + " " + line.message());
    }
    err.flush();
  }
}
