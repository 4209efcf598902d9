/**
 * Keyless (Sigstore) verification for {@link dev.airlock.signature}: {@link
 * dev.airlock.sigstore.SigstoreVerifier} implements {@link dev.airlock.signature.KeylessVerifier}
 * on sigstore-java, with Airlock's own checks where sigstore-java falls short, and verifies
 * cosign's older keyless {@code .sig} signatures (certificate + signed entry timestamp) itself.
 */
package dev.airlock.sigstore;
