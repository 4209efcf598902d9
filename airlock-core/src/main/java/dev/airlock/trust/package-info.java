/**
 * Trust: Ed25519 trust roots, signing artefacts, and verifying that an artefact was signed by a
 * trusted key. Comes after {@code dev.airlock.artefact} in the data flow and may use it.
 *
 * <p>Entry points: {@link dev.airlock.trust.TrustRoot}, {@link dev.airlock.trust.ArtefactVerifier},
 * {@link dev.airlock.trust.ArtefactSigner} and {@link dev.airlock.trust.Ed25519Keys}.
 */
package dev.airlock.trust;
