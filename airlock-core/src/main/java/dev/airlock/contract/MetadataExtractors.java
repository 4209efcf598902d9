package dev.airlock.contract;

import dev.airlock.contract.Dispatcher.Reply;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metadata extractors: every enabled plugin serving {@code extract} reads the artifact and
 * answers key/value pairs. Thread-safe.
 */
public final class MetadataExtractors {
  private final Dispatcher dispatcher;

  MetadataExtractors(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /**
   * Runs every extractor, in order.
   *
   * @param artifactId the registry's id for the artifact (envelope header)
   * @param data the artifact's bytes (envelope payload)
   * @return each plugin's pairs; a plugin that failed open contributes none
   * @throws HookFailedException when a plugin failed and {@code extract} fails closed for it
   */
  public HookOutcome<ExtractedMetadata> extract(String artifactId, byte[] data)
      throws HookFailedException {
    byte[] input = RegistryJson.artifactEnvelope(artifactId, data);
    Trace trace = new Trace();
    Map<String, Map<String, String>> byPlugin = new LinkedHashMap<>();
    for (HookTarget t : dispatcher.targets(RegistryHooks.EXTRACT)) {
      Reply<Map<String, String>> r =
          trace.add(dispatcher.call(t, RegistryHooks.EXTRACT, input, RegistryReplies::extract));
      if (r.failedClosed()) {
        throw trace.failedClosed(r.failure());
      }
      if (!r.failed() && !r.value().isEmpty()) {
        byPlugin.put(t.name(), r.value());
      }
    }
    return trace.outcome(new ExtractedMetadata(byPlugin), null);
  }
}
