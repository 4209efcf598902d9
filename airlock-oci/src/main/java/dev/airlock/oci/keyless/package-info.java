/**
 * Keyless (Sigstore) signing: an ephemeral ECDSA P-256 key, a short-lived certificate for an OIDC
 * identity from Fulcio, the signature logged in Rekor, and a Sigstore v0.3 bundle holding all of
 * it. Our own clients on {@code java.net.http}, JDK crypto and Jackson; every answer from Fulcio
 * and Rekor is checked against what was asked before a bundle is built. Entry point: {@link
 * dev.airlock.oci.keyless.KeylessSigner}.
 */
package dev.airlock.oci.keyless;
