package dev.airlock.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code airlock catalog}: read and publish registry indexes. */
@Command(
    name = "catalog",
    mixinStandardHelpOptions = true,
    description = "List and publish plugins in a registry index (index.json).",
    subcommands = {CatalogListCommand.class, CatalogAddCommand.class})
final class CatalogCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
