package dev.airlock.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.runtime.Plugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a plugin's contracts on one sample, as {@code airlock test} and the server's test route do:
 * a format handler's {@code format_key}, {@code parse_metadata} and {@code validate}; a validation
 * hook's verdict; a metadata extractor's pairs; a post-processor's result; and for {@code
 * pre_query}, {@code route} and {@code rewrite} the sample read as a JSON query context.
 *
 * @param formatKey the format key, for a format handler
 * @param steps each hook run, in order
 */
public record ContractRun(Optional<String> formatKey, List<Step> steps) {
  /**
   * One hook's outcome.
   *
   * @param hook the hook
   * @param value its typed result, as text
   * @param failures the failure messages met, empty when it answered
   */
  public record Step(String hook, String value, List<String> failures) {
    /** Copies the list. */
    public Step {
      failures = List.copyOf(failures);
    }
  }

  /** Copies the list. */
  public ContractRun {
    steps = List.copyOf(steps);
  }

  /**
   * @return whether every contract answered (whatever it decided)
   */
  public boolean passed() {
    return steps.stream().allMatch(s -> s.failures().isEmpty());
  }

  /**
   * Runs every contract the plugin serves on the sample.
   *
   * @param p the plugin, loaded
   * @param data the sample: an artifact's bytes, or a JSON query context
   * @param path the artifact's path in the registry
   * @return the outcomes
   * @throws IllegalArgumentException when the plugin serves no hook a sample can test, or a query
   *     sample is not JSON
   * @throws ContractException when a format handler gives no format key
   */
  public static ContractRun run(Plugin p, byte[] data, String path) throws ContractException {
    HookTargets targets = HookTargets.of(List.of(HookTarget.of(p)));
    RegistryHooks registry = RegistryHooks.of(targets);
    ProxyHooks proxy = ProxyHooks.of(targets);
    Set<String> hooks = p.hooks();
    List<Step> steps = new ArrayList<>();
    String key = null;
    if (hooks.contains(RegistryHooks.FORMAT_KEY)) {
      var handlers = registry.formatHandlers();
      key =
          handlers.formatKeys().stream()
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("format_key gave no key"));
      if (hooks.contains(RegistryHooks.PARSE_METADATA)) {
        steps.add(step("parse_metadata", handlers.parseMetadata(key, path, data)));
      }
      if (hooks.contains(RegistryHooks.VALIDATE)) {
        steps.add(step("validate", handlers.validate(key, path, data)));
      }
    }
    if (hooks.contains(RegistryHooks.VALIDATE_UPLOAD)) {
      steps.add(
          step(
              "validate_upload",
              registry
                  .validationHooks()
                  .validateUpload(ArtifactInfo.of("test", path, "generic", data.length), data)));
    }
    if (hooks.contains(RegistryHooks.EXTRACT)) {
      steps.add(step("extract", registry.metadataExtractors().extract(path, data)));
    }
    if (hooks.contains(RegistryHooks.PROCESS)) {
      steps.add(step("process", registry.postProcessors().process(path, data)));
    }
    if (hooks.contains(ProxyHooks.PRE_QUERY)) {
      steps.add(step("pre_query", proxy.preQuery(query(data))));
    }
    if (hooks.contains(ProxyHooks.ROUTE)) {
      steps.add(step("route", proxy.route(query(data))));
    }
    if (hooks.contains(ProxyHooks.REWRITE)) {
      steps.add(step("rewrite", proxy.rewrite(query(data))));
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException(
          "plugin '"
              + p.name()
              + "' serves no hook a sample"
              + " can test (hooks: "
              + new java.util.TreeSet<>(hooks)
              + ")");
    }
    return new ContractRun(Optional.ofNullable(key), steps);
  }

  private static Step step(String hook, HookOutcome<?> r) {
    return new Step(
        hook, String.valueOf(r.value()), r.failures().stream().map(HookFailure::message).toList());
  }

  private static QueryContext query(byte[] json) {
    JsonNode n;
    try {
      n = PluginJson.MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the sample is not a JSON query context: " + e.getMessage());
    }
    String q = n.path("query").asText("");
    List<String> tables = new ArrayList<>();
    n.path("tables").forEach(t -> tables.add(t.asText()));
    return new QueryContext(
        q,
        n.path("normalized_query").asText(q.toLowerCase(Locale.ROOT)),
        tables,
        n.path("read_only").asBoolean(false),
        RequestContext.of("airlock-test"));
  }
}
