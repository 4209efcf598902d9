/**
 * The sandbox: runs plugin hooks on Chicory (wasm compiled to JVM bytecode) with hard limits on
 * memory, wall-clock and CPU time, stack depth and every host-side buffer, and with nothing granted
 * by default (no files, no network, no environment).
 *
 * <p>Entry points: {@link dev.airlock.runtime.Engine} loads verified artefacts into {@link
 * dev.airlock.runtime.Plugin}s; {@link dev.airlock.runtime.Plugin#call} runs a hook. Comes after
 * {@code dev.airlock.trust} in the data flow: only a {@code VerifiedArtefact} can be loaded.
 */
package dev.airlock.runtime;
