package dev.airlock.cli;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.oci.Digest;
import dev.airlock.oci.PluginPusher;
import dev.airlock.oci.Reference;
import dev.airlock.oci.Repository;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock push}: an artefact to a registry as a CNCF wasm artifact. */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Push a plugin artefact (.tar.gz) to an OCI registry as a CNCF wasm artifact: the module as"
            + " an application/wasm layer, the signed manifest.json and plugin.sig as extra layers."
            + " The same artefact always gives the same digest.")
final class PushCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ARTEFACT", description = "A .tar.gz artefact.")
  Path artefact;

  @Parameters(index = "1", paramLabel = "REFERENCE", description = "oci://host/repo:tag")
  String reference;

  @Option(names = "--index", description = "Also push an image index (wasip1/wasm) and tag it.")
  boolean index;

  @Option(
      names = "--mount-from",
      paramLabel = "REPO",
      description = "Mount blobs from this repository on the same registry when it has them.")
  String mountFrom;

  @Option(names = "--json", description = "Print progress events and the result as JSON lines.")
  boolean json;

  @Mixin OciOptions oci;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Reference ref = Reference.parse(reference);
    Artefact a = ArtefactReader.create().read(artefact);
    if (a.format() != Artefact.Format.TAR_GZ) {
      throw new IllegalArgumentException(
          "push takes a .tar.gz artefact (made by 'airlock pack'); " + artefact + " is not one");
    }
    Optional<Repository> from =
        mountFrom == null
            ? Optional.empty()
            : Optional.of(
                Reference.parse(ref.repository().registry() + "/" + mountFrom + ":x").repository());
    ProgressPrinter progress = new ProgressPrinter(json ? out : err, ProgressPrinter.style(json));
    Digest d = PluginPusher.create(oci.client()).push(a, ref, index, from, progress);
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("reference", ref.toString());
      r.put("digest", d.toString());
      out.println(
          Json.MAPPER
              .writer()
              .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(r));
    } else {
      out.println("pushed " + ref.repository() + "@" + d);
    }
    return ExitCodes.OK;
  }
}
