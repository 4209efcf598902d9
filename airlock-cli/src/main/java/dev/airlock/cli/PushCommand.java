package dev.airlock.cli;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.oci.Digest;
import dev.airlock.oci.Platform;
import dev.airlock.oci.PlatformEntry;
import dev.airlock.oci.PluginPusher;
import dev.airlock.oci.Reference;
import dev.airlock.oci.Repository;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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

  @Parameters(
      arity = "1..2",
      paramLabel = "[ARTEFACT] REFERENCE",
      description =
          "A .tar.gz artefact and oci://host/repo:tag; only the reference with --platform.")
  List<String> args = new ArrayList<>();

  @Option(names = "--index", description = "Also push an image index (wasip1/wasm) and tag it.")
  boolean index;

  @Option(
      names = "--platform",
      paramLabel = "OS/ARCH=FILE",
      description =
          "Push an image index with one entry per --platform (repeat it): a .tar.gz artefact for a"
              + " wasm platform (wasip1/wasm=echo.tar.gz), a native file for any other"
              + " (linux/amd64=libecho.so; pulled as native, never loaded). Children go first,"
              + " then the index under the tag; the same entries give the same digest.")
  List<String> platforms = new ArrayList<>();

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
    boolean multi = !platforms.isEmpty();
    if (multi ? args.size() != 1 : args.size() != 2) {
      throw new IllegalArgumentException(
          multi
              ? "with --platform give only the REFERENCE; each artefact comes with its platform"
                  + " (--platform wasip1/wasm=echo.tar.gz)"
              : "push takes ARTEFACT REFERENCE (or REFERENCE with --platform OS/ARCH=FILE ...)");
    }
    if (multi && index) {
      throw new IllegalArgumentException("--platform always pushes an index; drop --index");
    }
    Reference ref = Reference.parse(args.get(args.size() - 1));
    Optional<Repository> from =
        mountFrom == null
            ? Optional.empty()
            : Optional.of(
                Reference.parse(ref.repository().registry() + "/" + mountFrom + ":x").repository());
    ProgressPrinter progress = new ProgressPrinter(json ? out : err, ProgressPrinter.style(json));
    PluginPusher pusher = PluginPusher.create(oci.client());
    Digest d =
        multi
            ? pusher.pushIndex(entries(), ref, from, progress)
            : pusher.push(read(Path.of(args.get(0))), ref, index, from, progress);
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

  private static Artefact read(Path file) throws Exception {
    Artefact a = ArtefactReader.create().read(file);
    if (a.format() != Artefact.Format.TAR_GZ) {
      throw new IllegalArgumentException(
          "push takes a .tar.gz artefact (made by 'airlock pack'); " + file + " is not one");
    }
    return a;
  }

  /** {@code OS/ARCH=FILE}: an artefact for a wasm platform, a native file for any other. */
  private List<PlatformEntry> entries() throws Exception {
    List<PlatformEntry> out = new ArrayList<>();
    for (String p : platforms) {
      int eq = p.indexOf('=');
      if (eq <= 0 || eq == p.length() - 1) {
        throw new IllegalArgumentException(
            "--platform should be OS/ARCH=FILE (e.g. wasip1/wasm=echo.tar.gz), got '" + p + "'");
      }
      Platform platform = Platform.parse(p.substring(0, eq));
      Path file = Path.of(p.substring(eq + 1));
      out.add(
          platform.isWasm()
              ? PlatformEntry.wasm(platform, read(file))
              : PlatformEntry.nativeFile(
                  platform, file.getFileName().toString(), Files.readAllBytes(file)));
    }
    return out;
  }
}
