/**
 * The Airlock core library: the plugin artefact format and the trust checks applied to it.
 *
 * <p>Exported packages are the public API; {@code dev.airlock.internal} is not exported.
 */
module dev.airlock.core {
  requires com.fasterxml.jackson.databind;

  exports dev.airlock;
  exports dev.airlock.artefact;
  exports dev.airlock.trust;
}
