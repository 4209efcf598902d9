package dev.airlock.catalog;

/** The steps of an install, in order, as {@link InstallListener} reports them. */
public enum InstallStep {
  /** The source was resolved (for a registry: the index loaded and the version picked). */
  RESOLVED,
  /** The artefact is in the hidden staging directory, digest checked. */
  FETCHED,
  /** Structure, signature, name/version and downgrade checks passed. */
  VERIFIED,
  /** A sidecar ({@code .sig} or manifest) was renamed into the plugins directory. */
  SIDECAR_PLACED,
  /** The plugin file itself was renamed into the plugins directory. */
  PLACED,
  /** The install record was updated. */
  RECORDED
}
