/**
 * OCI signatures: cosign key-based signatures and Sigstore bundles found for a manifest digest, and
 * the policy that decides whether they are enough to trust it.
 *
 * <p>Flow: a {@link dev.airlock.signature.SignatureDiscovery} reads {@link
 * dev.airlock.signature.SignatureCandidate}s for a digest through a {@link
 * dev.airlock.signature.SignatureSource} (the registry view the OCI client implements); a {@link
 * dev.airlock.signature.SignatureVerifier} checks each candidate (public keys with plain JDK
 * crypto, keyless through the {@link dev.airlock.signature.KeylessVerifier} SPI that {@code
 * airlock-sigstore} implements) and evaluates the {@link dev.airlock.signature.VerificationPolicy}.
 * {@link dev.airlock.signature.SignatureDocuments} builds what {@code airlock sign} pushes.
 */
package dev.airlock.signature;
