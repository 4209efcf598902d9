package dev.airlock.catalog;

import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.SemanticVersion;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One plugin version in an index.
 *
 * @param name the plugin name
 * @param version its version
 * @param description a one-line description, if any
 * @param artifact where the artefact is: a path relative to the index, an absolute path, or a
 *     {@code file:}, {@code http:} or {@code https:} URL
 * @param sha256 the artefact's SHA-256, 64 lowercase hex digits
 * @param signature base64 Ed25519 signature, if any: over a bare wasm's bytes, over a {@code
 *     .zip}'s bytes, or, for a {@code .tar.gz}, a copy of the {@code plugin.sig} it carries (then
 *     both must agree)
 * @param size the artefact's size in bytes, when the index states it (a fetch stops beyond it)
 */
public record IndexEntry(
    String name,
    SemanticVersion version,
    Optional<String> description,
    String artifact,
    String sha256,
    Optional<String> signature,
    OptionalLong size) {
  /** Checks the name and the digest's form. */
  public IndexEntry {
    Manifest.checkName(name);
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(size, "size");
    if (!Sha256.isHex(sha256)) {
      throw new IllegalArgumentException(
          "sha256 should be 64 lowercase hex digits, got '" + sha256 + "'");
    }
  }

  /**
   * {@code name@version}, as messages show an entry.
   *
   * @return the coordinate
   */
  public String coordinate() {
    return name + "@" + version;
  }

  /**
   * Whether the entry names a signature of its own or points at a {@code .tar.gz}/{@code .zip} that
   * may carry one. Only the index's claim: the signature is checked at install.
   *
   * @return true when a signature is declared in the entry
   */
  public boolean signed() {
    return signature.isPresent();
  }
}
