/**
 * The Airlock core library: the plugin artefact format, the trust checks applied to it, and the
 * sandboxed runtime that runs plugin hooks.
 *
 * <p>Exported packages are the public API; {@code dev.airlock.internal} is not exported.
 */
module dev.airlock.core {
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.toml;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires com.dylibso.chicory.runtime;
  requires com.dylibso.chicory.compiler;
  requires com.dylibso.chicory.wasi;
  requires org.objectweb.asm;
  requires java.management;
  requires java.net.http;

  exports dev.airlock;
  exports dev.airlock.artefact;
  exports dev.airlock.trust;
  exports dev.airlock.runtime;
  exports dev.airlock.contract;
  exports dev.airlock.host;
  exports dev.airlock.signature;

  uses dev.airlock.signature.KeylessVerifierProvider;
}
