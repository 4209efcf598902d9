package dev.airlock.contract;

import java.util.List;

/**
 * Every validation plugin's verdict on one upload, combined: allowed only when none rejected.
 *
 * @param rejections why plugins rejected it, in dispatch order (a plugin that failed closed appears
 *     here too)
 * @param warnings what plugins warned about, in dispatch order
 */
public record UploadDecision(List<Remark> rejections, List<Remark> warnings) {
  /** Copies the lists. */
  public UploadDecision {
    rejections = List.copyOf(rejections);
    warnings = List.copyOf(warnings);
  }

  /**
   * Whether the upload may be stored.
   *
   * @return true when no plugin rejected it
   */
  public boolean allowed() {
    return rejections.isEmpty();
  }
}
