package dev.airlock.cli;

import dev.airlock.catalog.CatalogSettings;
import dev.airlock.catalog.Credentials;
import dev.airlock.catalog.Fetcher;
import dev.airlock.catalog.InstallReport;
import dev.airlock.catalog.Installer;
import dev.airlock.catalog.Source;
import dev.airlock.trust.TrustRoot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock install}: fetch, verify and place a plugin where a host's hot reload sees it. */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Install a plugin into a plugins directory, atomically: NAME[@VERSION|@RANGE] from --index"
          + " (no version: the highest), a local .tar.gz/.zip/.wasm, an https:// URL, or"
          + " git+https://host/repo.git#REF.",
      "Checks the index's sha256, the signature against --trust-root, and refuses a version lower"
          + " than the highest installed before unless --allow-downgrade."
    })
final class InstallCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "SOURCE",
      description = "NAME[@VERSION|@RANGE], a path, a URL or git+…#REF.")
  String source;

  @Option(
      names = "--index",
      paramLabel = "I",
      description = "Path or URL of the registry's index.json.")
  String index;

  @Option(
      names = "--dest",
      required = true,
      paramLabel = "DIR",
      description = "The plugins directory.")
  Path dest;

  @Option(
      names = "--trust-root",
      paramLabel = "DIR",
      description = "Trusted *.pub keys: the artefact (and a signed index) must be signed by one.")
  Path trustRoot;

  @Option(
      names = "--allow-downgrade",
      description = "Install a version lower than one installed before.")
  boolean allowDowngrade;

  @Option(
      names = "--allow-unsigned-index",
      description = "Use an index without a (checked) index.json.sig.")
  boolean allowUnsignedIndex;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Settings file (airlock.toml, .json/.yaml/.yml): its [catalog] ca_file and"
              + " credentials are used; --ca-file and --bearer win over them.")
  Path config;

  @Option(names = "--ca-file", paramLabel = "PEM", description = "Extra CA certificates for https.")
  Path caFile;

  @Option(
      names = "--bearer",
      paramLabel = "HOST=TOKEN",
      description = "A bearer token sent only to HOST (repeatable).")
  Map<String, String> bearer = new LinkedHashMap<>();

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Read timeout (default 30).")
  int timeout = 30;

  @Option(names = "--json", description = "Print the install report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    CatalogSettings file = config == null ? CatalogSettings.NONE : CatalogSettings.load(config);
    Fetcher.Builder fb =
        Fetcher.builder()
            .caFile(caFile != null ? caFile : file.caFile().orElse(null))
            .readTimeout(Duration.ofSeconds(timeout));
    List<Credentials> flags = new ArrayList<>();
    bearer.forEach((host, token) -> flags.add(Credentials.bearer(host, token)));
    flags.forEach(fb::credentials);
    for (Credentials c : file.credentials()) {
      if (flags.stream().noneMatch(f -> f.host().equals(c.host()))) {
        fb.credentials(c); // a flag for the same host wins
      }
    }
    TrustRoot root = trustRoot == null ? null : TrustRoot.load(trustRoot);
    InstallReport r =
        Installer.builder()
            .fetcher(fb.build())
            .trustRoot(root)
            .allowDowngrade(allowDowngrade)
            .allowUnsignedIndex(allowUnsignedIndex)
            .build()
            .install(Source.parse(source, index), dest);
    print(r, spec.commandLine().getOut());
    return ExitCodes.OK;
  }

  private void print(InstallReport r, PrintWriter o) {
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.name());
      m.put("version", r.version());
      m.put("source", r.source());
      m.put("files", r.files().stream().map(Path::toString).toList());
      m.put("sha256", r.sha256());
      m.put("signer", r.signer().orElse(null));
      m.put("previous", r.previous().orElse(null));
      m.put("notes", r.notes());
      Json.print(o, m);
      return;
    }
    o.println(
        "installed "
            + r.name()
            + " "
            + r.version()
            + r.previous().map(p -> " (was " + p + ")").orElse(""));
    o.println("  from   " + r.source());
    for (Path f : r.files()) {
      o.println("  file   " + f);
    }
    o.println("  sha256 " + r.sha256());
    o.println("  signer " + r.signer().orElse("(not checked: no --trust-root)"));
    for (String n : List.copyOf(r.notes())) {
      o.println("  note   " + n);
    }
  }
}
