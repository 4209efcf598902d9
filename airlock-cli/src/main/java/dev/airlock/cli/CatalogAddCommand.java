package dev.airlock.cli;

import dev.airlock.catalog.PublishReport;
import dev.airlock.catalog.Publisher;
import dev.airlock.trust.Ed25519Keys;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock catalog add}: publish an artefact into an index. */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = {
      "Add an artefact to an index (created when absent): compute its sha256 and size, add or"
          + " replace its name@version entry, bump index_version and, with --key, re-sign the index"
          + " (index.json.sig, valid for 30 days). Files are written atomically."
    })
final class CatalogAddCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ARTEFACT", description = "A .tar.gz, .zip or .wasm (with its .sig).")
  Path artefact;

  @Option(
      names = "--index",
      required = true,
      paramLabel = "I",
      description = "The index.json file.")
  Path index;

  @Option(
      names = "--base-url",
      paramLabel = "U",
      description = "Where the artefact will be served; default: a path relative to the index.")
  String baseUrl;

  @Option(names = "--key", paramLabel = "K", description = "Ed25519 private key to sign the index.")
  Path key;

  @Override
  public Integer call() throws Exception {
    PublishReport r =
        new Publisher(Clock.systemUTC(), Publisher.DEFAULT_VALIDITY)
            .add(
                index,
                artefact,
                Optional.ofNullable(baseUrl),
                key == null ? Optional.empty() : Optional.of(Ed25519Keys.readPrivateKey(key)));
    PrintWriter o = spec.commandLine().getOut();
    o.println(
        (r.replaced() ? "replaced " : "added ")
            + r.entry().coordinate()
            + " in "
            + r.index()
            + " (index_version "
            + r.indexVersion()
            + (r.signature().isPresent() ? ", signed" : ", unsigned")
            + ")");
    o.println("  artifact " + r.entry().artifact());
    o.println("  sha256   " + r.entry().sha256());
    return ExitCodes.OK;
  }
}
