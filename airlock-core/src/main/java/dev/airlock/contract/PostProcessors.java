package dev.airlock.contract;

import dev.airlock.contract.Dispatcher.Reply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The post-processors: every enabled plugin serving {@code process} runs on an upload in order,
 * each on the bytes the previous one produced. Thread-safe.
 */
public final class PostProcessors {
  private final Dispatcher dispatcher;

  PostProcessors(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /**
   * Runs every post-processor, in order.
   *
   * @param artifactId the registry's id for the artifact (envelope header)
   * @param data the uploaded bytes (envelope payload)
   * @return the bytes to store and the metadata added; a plugin that failed open is skipped (the
   *     next one sees the bytes it was given)
   * @throws HookFailedException when a plugin failed and {@code process} fails closed for it: do
   *     not store the artifact
   */
  public HookOutcome<ProcessedArtifact> process(String artifactId, byte[] data)
      throws HookFailedException {
    Trace trace = new Trace();
    byte[] current = data;
    Map<String, String> metadata = new LinkedHashMap<>();
    List<String> modifiedBy = new ArrayList<>();
    byte[] input = null;
    for (HookTarget t : dispatcher.targets(RegistryHooks.PROCESS)) {
      if (input == null) {
        input = RegistryJson.artifactEnvelope(artifactId, current);
      }
      Reply<RegistryReplies.Processed> r =
          trace.add(dispatcher.call(t, RegistryHooks.PROCESS, input, RegistryReplies::process));
      if (r.failedClosed()) {
        throw trace.failedClosed(r.failure());
      }
      if (r.failed()) {
        continue;
      }
      metadata.putAll(r.value().metadata());
      if (r.value().data() != null) {
        current = r.value().data();
        modifiedBy.add(t.name());
        input = null; // the next plugin sees the new bytes
      }
    }
    return trace.outcome(
        new ProcessedArtifact(current, !modifiedBy.isEmpty(), metadata, modifiedBy),
        modifiedBy.isEmpty() ? null : modifiedBy.getLast());
  }
}
