package dev.airlock.signature;

import java.util.List;

/**
 * Verification refused a manifest: {@code No valid signatures found for X}, or {@code signature by
 * <identity> does not satisfy policy: …}. {@link #rejected()} says why each candidate did not
 * count.
 */
public final class PolicyFailure extends SignatureException {
  private static final long serialVersionUID = 1L;

  private final String[] rejected;

  /**
   * Creates the failure.
   *
   * @param message the one-line reason
   * @param rejected per-candidate reasons
   */
  public PolicyFailure(String message, List<String> rejected) {
    super(Reason.NOT_TRUSTED, message);
    this.rejected = rejected.toArray(String[]::new);
  }

  /**
   * Why each candidate signature was not counted.
   *
   * @return one line per candidate
   */
  public List<String> rejected() {
    return List.of(rejected);
  }
}
