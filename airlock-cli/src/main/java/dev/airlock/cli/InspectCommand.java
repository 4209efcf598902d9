package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.Units;
import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock inspect}: show what an artefact holds, without trusting it. */
@Command(
    mixinStandardHelpOptions = true,
    name = "inspect",
    description =
        "Show an artefact's manifest, its own sha256 and whether it is signed. Checks"
            + " structure and digests; use 'verify' to check the signature. Given an oci://"
            + " reference, show what the registry holds there: digest, media types, platforms,"
            + " layers, annotations and what kind of plugin it is (no layer is downloaded).")
final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "ARTEFACT",
      description = "A .tar.gz artefact, a bare .wasm, or an oci://host/repo:tag reference.")
  String target;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH",
      description = "With oci://: the platform to pick from an image index.")
  String platform;

  @picocli.CommandLine.Mixin OciOptions oci;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (dev.airlock.oci.Reference.isOci(target)) {
      return OciInspect.print(
          spec.commandLine().getOut(),
          dev.airlock.oci.Inspection.of(
              oci.client(),
              dev.airlock.oci.Reference.parse(target),
              java.util.Optional.ofNullable(platform).map(dev.airlock.oci.Platform::parse)),
          json);
    }
    Path artefact = Path.of(target);
    Artefact a = ArtefactReader.create().read(artefact);
    JsonNode manifest =
        Json.tree(a.format() == Artefact.Format.TAR_GZ ? a.manifestBytes() : a.manifest().toJson());
    PrintWriter o = spec.commandLine().getOut();
    String format = a.format() == Artefact.Format.TAR_GZ ? "tar.gz" : "bare wasm";
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("path", artefact.toString());
      r.put("format", format);
      r.put("manifest", manifest);
      r.put("artefact_sha256", a.sha256());
      r.put("wasm_size", a.wasmSize());
      r.put("signed", a.isSigned());
      Json.print(o, r);
      return ExitCodes.OK;
    }
    Json.print(o, manifest);
    o.println("format:          " + format);
    o.println("artefact sha256: " + a.sha256());
    o.println("wasm size:       " + Units.formatSize(a.wasmSize()));
    o.println(
        "signed:          "
            + (a.isSigned()
                ? "yes ("
                    + a.manifest().signatureAlgorithm().orElse("ed25519")
                    + "; not checked here: run 'airlock verify --trust-root DIR')"
                : "no"));
    return ExitCodes.OK;
  }
}
