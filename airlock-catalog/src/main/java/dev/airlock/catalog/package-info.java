/**
 * Distribution: getting a verified plugin from a catalog onto disk where a host's hot reload picks
 * it up.
 *
 * <p>Entry points: {@link dev.airlock.catalog.Installer} (install from a registry index, a file, a
 * URL or a git repository), {@link dev.airlock.catalog.IndexLoader} (load and check an index,
 * signed or not), {@link dev.airlock.catalog.Publisher} (add an artefact to an index and re-sign
 * it) and {@link dev.airlock.catalog.Fetcher} (the one HTTP client every remote source goes
 * through).
 */
package dev.airlock.catalog;
