package dev.airlock.cli;

import dev.airlock.contract.ContractRun;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Plugin;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock test}: run a plugin's contract on a sample and print the typed result. */
@Command(
    mixinStandardHelpOptions = true,
    name = "test",
    sortOptions = false,
    description = {
      "Run a plugin's contract on a sample artifact and print the typed result: a format"
          + " handler's format key, parse_metadata and validate; a validation hook's verdict; a"
          + " metadata extractor's pairs; a post-processor's result; for pre_query/route/rewrite"
          + " the sample is a JSON query context.",
      "Exit code 0 when every contract answered (whatever it decided), 7 when one failed."
    })
final class TestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--plugin",
      required = true,
      paramLabel = "ARTEFACT",
      description = "A .tar.gz artefact, a .zip package or a bare .wasm.")
  Path plugin;

  @Option(
      names = "--artifact",
      required = true,
      paramLabel = "FILE",
      description = "The sample: an artifact file, or a JSON query context.")
  Path artifact;

  @Option(
      names = "--path",
      paramLabel = "PATH",
      description = "The artifact's path in the registry (default: the file's name).")
  String path;

  @Mixin RuntimeOptions runtime;

  @Override
  public Integer call() throws Exception {
    byte[] data = Files.readAllBytes(artifact);
    String where = path != null ? path : artifact.getFileName().toString();
    PrintWriter o = spec.commandLine().getOut();
    try (Engine engine = runtime.engine();
        Plugin p = runtime.load(engine, plugin)) {
      ContractRun run = ContractRun.run(p, data, where);
      run.formatKey().ifPresent(key -> o.println("format handler, key '" + key + "'"));
      for (ContractRun.Step step : run.steps()) {
        o.println(step.hook() + ": " + step.value());
        for (String f : step.failures()) {
          o.println("  failed: " + f);
        }
      }
      return run.passed() ? ExitCodes.OK : ExitCodes.PLUGIN_TRAP;
    }
  }
}
