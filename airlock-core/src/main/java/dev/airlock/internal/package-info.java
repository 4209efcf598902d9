/**
 * Helpers shared by the capability packages: atomic file writes, canonical JSON, digests and safe
 * rendering of untrusted text. Not exported from the module; not API.
 */
package dev.airlock.internal;
