package dev.airlock.cli;

import dev.airlock.Units;
import dev.airlock.oci.CacheEntry;
import dev.airlock.oci.OciCache;
import dev.airlock.oci.Reference;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock cache ls | rm REF | gc}. */
@Command(
    name = "cache",
    mixinStandardHelpOptions = true,
    description = "The content-addressed plugin cache ($XDG_CACHE_HOME/airlock).",
    subcommands = {CacheCommand.Ls.class, CacheCommand.Rm.class, CacheCommand.Gc.class})
final class CacheCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code airlock cache ls}. */
  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List cached references.")
  static final class Ls implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OciOptions oci;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      OciCache cache = oci.cache();
      List<CacheEntry> all = cache.list();
      if (all.isEmpty()) {
        out.println("the cache in " + cache.root() + " is empty");
      }
      for (CacheEntry e : all) {
        out.println(
            e.reference()
                + "  "
                + e.manifestDigest()
                + "  "
                + e.kind()
                + "/"
                + e.layout()
                + "  retrieved "
                + dev.airlock.oci.PluginPuller.age(Duration.between(e.retrieved(), Instant.now()))
                + " ago  verified by "
                + e.verifiedBy());
      }
      return ExitCodes.OK;
    }
  }

  /** {@code airlock cache rm REF}. */
  @Command(
      name = "rm",
      mixinStandardHelpOptions = true,
      description = "Forget a reference; 'cache gc' then frees its blobs.")
  static final class Rm implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OciOptions oci;

    @Parameters(paramLabel = "REFERENCE", description = "As 'cache ls' shows it, or oci://…")
    String reference;

    @Override
    public Integer call() throws Exception {
      String key = Reference.parse(reference).toString();
      if (!oci.cache().remove(key)) {
        throw new IllegalArgumentException(
            "the cache has no entry for " + key + " ('airlock cache ls' lists them)");
      }
      spec.commandLine().getOut().println("removed " + key);
      return ExitCodes.OK;
    }
  }

  /** {@code airlock cache gc}. */
  @Command(
      name = "gc",
      mixinStandardHelpOptions = true,
      description = "Delete blobs and plugin files no cached reference uses.")
  static final class Gc implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin OciOptions oci;

    @Override
    public Integer call() throws Exception {
      long freed = oci.cache().gc();
      spec.commandLine().getOut().println("freed " + Units.formatSize(freed));
      return ExitCodes.OK;
    }
  }
}
