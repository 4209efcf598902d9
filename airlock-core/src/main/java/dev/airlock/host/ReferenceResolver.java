package dev.airlock.host;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a provider reference that is not a file (an {@code oci://} reference) into a local plugin
 * file the host can copy into its plugins directory. Core knows no registry protocol: a module that
 * does (e.g. {@code airlock-oci}) implements this and hands it to {@link
 * PluginHostBuilder#referenceResolver} or {@link SettingsProviders#install(Settings,
 * ReferenceResolver)}.
 *
 * <p>Implementations must be safe to call from the thread that starts the host.
 */
@FunctionalInterface
public interface ReferenceResolver {
  /**
   * Resolves a reference to a verified local plugin file.
   *
   * @param reference the reference as written in the settings, e.g. {@code
   *     oci://ghcr.io/acme/greeter:1.0}
   * @return a plugin file ({@code .tar.gz}, {@code .zip} or {@code .wasm}); the host copies it
   * @throws IOException when the reference cannot be resolved; the message says why
   */
  Path resolve(String reference) throws IOException;
}
