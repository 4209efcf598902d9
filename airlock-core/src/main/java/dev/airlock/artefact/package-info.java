/**
 * The plugin artefact format: a reproducible {@code .tar.gz} holding {@code manifest.json}, {@code
 * plugin.wasm} and an optional {@code plugin.sig}, read directly from its bytes (never extracted)
 * with every size capped and every structural rule checked. The reader also takes a bare {@code
 * .wasm} with a {@code .sig} sidecar and an optional sidecar manifest (JSON, YAML or TOML, never
 * granting permissions), and a {@code .zip} in Artifact Keeper's layout ({@code plugin.toml} and
 * the module), read from its central directory as strictly as the tar.
 *
 * <p>Entry points: {@link dev.airlock.artefact.ArtefactReader} and {@link
 * dev.airlock.artefact.ArtefactWriter}. Signature checks belong to {@code dev.airlock.trust}, which
 * comes after this package in the data flow.
 */
package dev.airlock.artefact;
