package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.contract.ArtifactInfo;
import dev.airlock.contract.HookOutcome;
import dev.airlock.contract.HookTarget;
import dev.airlock.contract.HookTargets;
import dev.airlock.contract.ProxyHooks;
import dev.airlock.contract.QueryContext;
import dev.airlock.contract.RegistryHooks;
import dev.airlock.contract.RequestContext;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Plugin;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
      HookTargets targets = HookTargets.of(List.of(HookTarget.of(p)));
      RegistryHooks registry = RegistryHooks.of(targets);
      ProxyHooks proxy = ProxyHooks.of(targets);
      Set<String> hooks = p.hooks();
      List<HookOutcome<?>> outcomes = new ArrayList<>();
      if (hooks.contains(RegistryHooks.FORMAT_KEY)) {
        var handlers = registry.formatHandlers();
        String key =
            handlers.formatKeys().stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("format_key gave no key"));
        o.println("format handler, key '" + key + "'");
        if (hooks.contains(RegistryHooks.PARSE_METADATA)) {
          outcomes.add(print(o, "parse_metadata", handlers.parseMetadata(key, where, data)));
        }
        if (hooks.contains(RegistryHooks.VALIDATE)) {
          outcomes.add(print(o, "validate", handlers.validate(key, where, data)));
        }
      }
      if (hooks.contains(RegistryHooks.VALIDATE_UPLOAD)) {
        outcomes.add(
            print(
                o,
                "validate_upload",
                registry
                    .validationHooks()
                    .validateUpload(ArtifactInfo.of("test", where, "generic", data.length), data)));
      }
      if (hooks.contains(RegistryHooks.EXTRACT)) {
        outcomes.add(print(o, "extract", registry.metadataExtractors().extract(where, data)));
      }
      if (hooks.contains(RegistryHooks.PROCESS)) {
        outcomes.add(print(o, "process", registry.postProcessors().process(where, data)));
      }
      if (hooks.contains(ProxyHooks.PRE_QUERY)) {
        outcomes.add(print(o, "pre_query", proxy.preQuery(query(data))));
      }
      if (hooks.contains(ProxyHooks.ROUTE)) {
        outcomes.add(print(o, "route", proxy.route(query(data))));
      }
      if (hooks.contains(ProxyHooks.REWRITE)) {
        outcomes.add(print(o, "rewrite", proxy.rewrite(query(data))));
      }
      if (outcomes.isEmpty()) {
        throw new IllegalArgumentException(
            "plugin '"
                + p.name()
                + "' serves no hook a sample"
                + " can test (hooks: "
                + new java.util.TreeSet<>(hooks)
                + ")");
      }
      return outcomes.stream().anyMatch(r -> !r.failures().isEmpty())
          ? ExitCodes.PLUGIN_TRAP
          : ExitCodes.OK;
    }
  }

  private static HookOutcome<?> print(PrintWriter o, String hook, HookOutcome<?> r) {
    o.println(hook + ": " + r.value());
    for (var f : r.failures()) {
      o.println("  failed: " + f.message());
    }
    return r;
  }

  private static QueryContext query(byte[] json) throws Exception {
    JsonNode n = Json.MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
    String q = n.path("query").asText("");
    List<String> tables = new ArrayList<>();
    n.path("tables").forEach(t -> tables.add(t.asText()));
    return new QueryContext(
        q,
        n.path("normalized_query").asText(q.toLowerCase(java.util.Locale.ROOT)),
        tables,
        n.path("read_only").asBoolean(false),
        RequestContext.of("airlock-test"));
  }
}
