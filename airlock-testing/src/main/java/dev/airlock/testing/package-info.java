/**
 * Test fixtures shared by every module's tests: hostile archives, wasm modules (including the
 * hostile corpus, {@link dev.airlock.testing.HostileModules}), test keys and external-tool
 * harnesses. Apart from the JDK it uses only a wasm-text compiler ({@link
 * dev.airlock.testing.WatCompiler}); it never depends on the code it tests.
 */
package dev.airlock.testing;
