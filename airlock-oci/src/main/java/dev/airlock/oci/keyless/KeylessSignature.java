package dev.airlock.oci.keyless;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A keyless signature: the Sigstore v0.3 bundle and what a person wants to see about it.
 *
 * @param bundle the bundle JSON
 * @param identities the certificate's subject alternative names (e-mail or URI)
 * @param logIndex the Rekor log index
 * @param integratedTime when Rekor logged it
 * @param certificateExpires the end of the certificate's validity
 */
public record KeylessSignature(
    byte[] bundle,
    List<String> identities,
    long logIndex,
    Instant integratedTime,
    Instant certificateExpires) {
  /** Copies the arrays and lists. */
  public KeylessSignature {
    bundle = bundle.clone();
    identities = List.copyOf(identities);
  }

  @Override
  public byte[] bundle() {
    return bundle.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeylessSignature k
        && Arrays.equals(bundle, k.bundle)
        && identities.equals(k.identities)
        && logIndex == k.logIndex
        && integratedTime.equals(k.integratedTime)
        && certificateExpires.equals(k.certificateExpires);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bundle) * 31 + Long.hashCode(logIndex);
  }

  @Override
  public String toString() {
    return "KeylessSignature[" + identities + ", logIndex=" + logIndex + "]";
  }
}
