package dev.airlock.signature;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where keyless trust comes from, offline by default: a Sigstore {@code trusted_root.json}, or
 * Fulcio certificate and Rekor key PEM files. The public-good root is fetched over TUF only when
 * {@code useTuf} is set.
 *
 * @param trustedRoot a {@code trusted_root.json}, or empty
 * @param fulcioCerts Fulcio CA certificate PEM files (QueryMT {@code fulcio_certs})
 * @param rekorKeys Rekor public key PEM files (QueryMT {@code rekor_pub_keys})
 * @param useTuf fetch the Sigstore public-good trusted root over TUF (QueryMT {@code
 *     use_sigstore_tuf_data})
 * @param ctLogKeys Certificate Transparency log public key PEM files, with the PEM trust above
 *     (Airlock's policy file {@code trust.ctLogKeys}; QueryMT has no such key): when given, a
 *     certificate's SCT must verify with one of them; when not, the SCT is not checked
 */
public record TrustMaterial(
    Optional<Path> trustedRoot,
    List<Path> fulcioCerts,
    List<Path> rekorKeys,
    boolean useTuf,
    List<Path> ctLogKeys) {
  /** Copies. */
  public TrustMaterial {
    fulcioCerts = List.copyOf(fulcioCerts);
    rekorKeys = List.copyOf(rekorKeys);
    ctLogKeys = List.copyOf(ctLogKeys);
  }

  /**
   * Trust material without CT log keys.
   *
   * @param trustedRoot a {@code trusted_root.json}, or empty
   * @param fulcioCerts Fulcio CA certificate PEM files
   * @param rekorKeys Rekor public key PEM files
   * @param useTuf fetch the public-good trusted root over TUF
   */
  public TrustMaterial(
      Optional<Path> trustedRoot, List<Path> fulcioCerts, List<Path> rekorKeys, boolean useTuf) {
    this(trustedRoot, fulcioCerts, rekorKeys, useTuf, List.of());
  }

  /** No keyless trust at all: only key rules can be satisfied. */
  public static final TrustMaterial NONE =
      new TrustMaterial(Optional.empty(), List.of(), List.of(), false);

  /**
   * Whether any keyless trust is configured.
   *
   * @return true when a root, PEM files or TUF are given
   */
  public boolean any() {
    return trustedRoot.isPresent() || !fulcioCerts.isEmpty() || !rekorKeys.isEmpty() || useTuf;
  }
}
