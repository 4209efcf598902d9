/**
 * OCI distribution for plugins: references, the registry client ({@link
 * dev.airlock.oci.RegistryClient}), push ({@link dev.airlock.oci.PluginPusher}), pull through the
 * content-addressed cache ({@link dev.airlock.oci.PluginPuller}, {@link dev.airlock.oci.OciCache})
 * with a verification hook ({@link dev.airlock.oci.PullVerifier}), inspection, and the {@code
 * oci://} resolver a plugin host uses.
 */
package dev.airlock.oci;
