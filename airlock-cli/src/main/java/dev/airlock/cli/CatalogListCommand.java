package dev.airlock.cli;

import dev.airlock.catalog.Fetcher;
import dev.airlock.catalog.IndexEntry;
import dev.airlock.catalog.IndexLoader;
import dev.airlock.catalog.LoadedIndex;
import dev.airlock.trust.TrustRoot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code airlock catalog list}: what an index offers. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "List an index's plugins: name, version, signed|unsigned, description.",
      "'signed' means the entry declares a signature (catalog add copies it from the artefact);"
          + " install checks it against --trust-root."
    })
final class CatalogListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--index",
      required = true,
      paramLabel = "I",
      description = "Path or URL of index.json.")
  String index;

  @Option(
      names = "--trust-root",
      paramLabel = "DIR",
      description =
          "Check index.json.sig against these keys (otherwise the index is read unchecked).")
  Path trustRoot;

  @Option(names = "--ca-file", paramLabel = "PEM", description = "Extra CA certificates for https.")
  Path caFile;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    LoadedIndex loaded =
        IndexLoader.builder()
            .fetcher(Fetcher.builder().caFile(caFile).build())
            .trustRoot(trustRoot == null ? null : TrustRoot.load(trustRoot))
            .allowUnsigned(trustRoot == null)
            .build()
            .load(index, OptionalLong.empty());
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (IndexEntry e : loaded.index().plugins()) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", e.name());
        r.put("version", e.version().toString());
        r.put("signed", signed(e));
        r.put("description", e.description().orElse(""));
        r.put("artifact", e.artifact());
        r.put("sha256", e.sha256());
        rows.add(r);
      }
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("index", loaded.location().toString());
      out.put("index_signer", loaded.signer().orElse(null));
      out.put("plugins", rows);
      Json.print(o, out);
      return ExitCodes.OK;
    }
    for (IndexEntry e : loaded.index().plugins()) {
      o.println(
          String.join(
                  " ",
                  e.name(),
                  e.version().toString(),
                  signed(e) ? "signed" : "unsigned",
                  e.description().orElse(""))
              .strip());
    }
    return ExitCodes.OK;
  }

  private static boolean signed(IndexEntry e) {
    return e.signed();
  }
}
