package dev.airlock.contract;

import dev.airlock.contract.Dispatcher.Reply;
import java.util.ArrayList;
import java.util.List;

/**
 * The validation hooks: every enabled plugin serving {@code validate_upload} judges an upload, and
 * their verdicts are combined. Thread-safe.
 */
public final class ValidationHooks {
  private final Dispatcher dispatcher;

  ValidationHooks(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /**
   * Asks every validation plugin, in order; all are asked even after a rejection, so the uploader
   * learns every reason at once.
   *
   * @param info what the registry knows about the upload (envelope header)
   * @param data the uploaded bytes (envelope payload)
   * @return allowed only when no plugin rejected; a plugin that failed closed counts as a
   *     rejection, one that failed open as no objection. {@link HookOutcome#decidedBy()} is the
   *     first rejecting plugin.
   */
  public HookOutcome<UploadDecision> validateUpload(ArtifactInfo info, byte[] data) {
    byte[] input = RegistryJson.uploadEnvelope(info, data);
    Trace trace = new Trace();
    List<Remark> rejections = new ArrayList<>();
    List<Remark> warnings = new ArrayList<>();
    for (HookTarget t : dispatcher.targets(RegistryHooks.VALIDATE_UPLOAD)) {
      Reply<RegistryReplies.Verdict> r =
          trace.add(
              dispatcher.call(
                  t, RegistryHooks.VALIDATE_UPLOAD, input, RegistryReplies::uploadVerdict));
      if (r.failedClosed()) {
        rejections.add(new Remark(t.name(), Dispatcher.closedReason(r.failure())));
      } else if (!r.failed()) {
        RegistryReplies.Verdict v = r.value();
        if (!v.allowed()) {
          rejections.add(new Remark(t.name(), v.message()));
        }
        v.warnings().forEach(w -> warnings.add(new Remark(t.name(), w)));
      }
    }
    return trace.outcome(
        new UploadDecision(rejections, warnings),
        rejections.isEmpty() ? null : rejections.getFirst().plugin());
  }
}
