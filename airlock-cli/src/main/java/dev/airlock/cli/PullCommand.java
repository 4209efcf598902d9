package dev.airlock.cli;

import dev.airlock.oci.Platform;
import dev.airlock.oci.PullOptions;
import dev.airlock.oci.PullResult;
import dev.airlock.oci.Reference;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock pull}: a plugin from a registry, through the cache. */
@Command(
    name = "pull",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Pull a plugin from an OCI registry into the cache (and to -o FILE). Reads Airlock's own"
          + " layout and the CNCF, QueryMT, Kubewarden/wasm-to-oci, Istio/solo and ORAS layouts;"
          + " picks the host's platform or a wasi/wasm build from an image index.",
      "A digest-pinned reference that is cached makes no request; a tag costs one manifest HEAD;"
          + " when the registry cannot be reached a cached copy is used, with a warning."
    })
final class PullCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "REFERENCE", description = "oci://host/repo:tag or …@sha256:…")
  String reference;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Also write it here.")
  Path output;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH",
      description = "Pick this platform from an image index instead of the host's.")
  String platform;

  @Option(names = "--force", description = "Refresh from the registry even when cached.")
  boolean force;

  @Option(
      names = "--target-file",
      paramLabel = "NAME",
      description = "The module's file name inside tar layers (default: ${DEFAULT-VALUE}).")
  String targetFile = "plugin.wasm";

  @Option(names = "--json", description = "Print progress events and the result as JSON lines.")
  boolean json;

  @Mixin OciOptions oci;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Reference ref = Reference.parse(reference);
    PullOptions o =
        PullOptions.defaults()
            .withForce(force)
            .withTargetFile(targetFile)
            .withListener(new ProgressPrinter(json ? out : err, ProgressPrinter.style(json)));
    if (platform != null) {
      o = o.withPlatform(Platform.parse(platform));
    }
    if (output != null) {
      o = o.withOutput(output);
    }
    PullResult r = oci.puller().pull(ref, o);
    r.warning().ifPresent(w -> err.println("warning: " + w));
    if (r.kind().equals("native")) {
      try {
        r.loadableFile();
      } catch (dev.airlock.oci.OciException e) {
        err.println("note: " + e.getMessage()); // pulled and cached; only loading is refused
      }
    }
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("reference", ref.toString());
      m.put("digest", r.manifestDigest().toString());
      m.put("file", (output != null ? output : r.file()).toString());
      m.put("kind", r.kind());
      m.put("layout", r.layout());
      m.put("cached", r.fromCache());
      r.warning().ifPresent(w -> m.put("warning", w));
      out.println(
          Json.MAPPER
              .writer()
              .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(m));
    } else {
      out.println(
          "pulled "
              + ref
              + " ("
              + r.manifestDigest()
              + ", "
              + r.kind()
              + " plugin, layout "
              + r.layout()
              + (r.fromCache() ? ", from cache" : "")
              + ") -> "
              + (output != null ? output : r.file()));
    }
    return ExitCodes.OK;
  }
}
