package dev.airlock.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ReferenceResolver} SPI with a fake resolver (a unit test: the real one, over a real
 * registry, is airlock-oci's RegistryRoundTripIT).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReferenceResolverTest {
  @TempDir Path root;

  @Test
  void install_fetchesOciProvidersThroughTheResolver_asNameDotExtension() throws Exception {
    Path fetched = root.resolve("cache/0123abcd.wasm");
    Files.createDirectories(fetched.getParent());
    Files.write(fetched, HostFixtures.example("echo"));
    List<String> asked = new ArrayList<>();
    ReferenceResolver resolver =
        ref -> {
          asked.add(ref);
          return fetched;
        };
    Path dir = root.resolve("plugins");
    SettingsProvider p =
        new SettingsProvider("echo", "oci://example.org/echo:1.0.0", Optional.empty(), Map.of());

    assertThat(SettingsProviders.install(dir, List.of(p), resolver))
        .containsExactly(dir.resolve("echo.wasm"));
    assertThat(dir.resolve("echo.wasm")).hasSameBinaryContentAs(fetched);
    assertThat(asked).containsExactly("oci://example.org/echo:1.0.0");
    assertThat(SettingsProviders.install(dir, List.of(p), null)).isEmpty();
  }

  @Test
  void host_startsWithAnOciProvider_loadedFromWhatTheResolverGave() throws Exception {
    Path fetched = root.resolve("fetched.wasm");
    Files.write(fetched, HostFixtures.example("echo"));
    try (PluginHost host =
        PluginHost.builder()
            .pluginsDirectory(root.resolve("plugins"))
            .hotReload(false)
            .providers(
                List.of(
                    new SettingsProvider(
                        "echo", "oci://example.org/echo:1.0.0", Optional.empty(), Map.of())))
            .referenceResolver(ref -> fetched)
            .build()) {
      host.start();
      assertThat(host.plugin("echo")).isPresent();
    }
  }

  @Test
  void resolverFailure_stopsTheStart_withItsMessage() {
    PluginHost host =
        PluginHost.builder()
            .pluginsDirectory(root.resolve("plugins"))
            .hotReload(false)
            .providers(
                List.of(
                    new SettingsProvider(
                        "echo", "oci://example.org/echo:1.0.0", Optional.empty(), Map.of())))
            .referenceResolver(
                ref -> {
                  throw new IOException("no network and no cached version of " + ref);
                })
            .build();
    try (host) {
      assertThatThrownBy(host::start)
          .isInstanceOf(IOException.class)
          .hasMessage("no network and no cached version of oci://example.org/echo:1.0.0");
    }
  }

  @Test
  void resolverGivingANonPluginFile_isRefusedNamingIt() throws Exception {
    Path odd = root.resolve("thing.txt");
    Files.writeString(odd, "x");
    SettingsProvider p =
        new SettingsProvider("echo", "oci://example.org/echo:1.0.0", Optional.empty(), Map.of());
    assertThatThrownBy(
            () -> SettingsProviders.install(root.resolve("plugins"), List.of(p), ref -> odd))
        .hasMessage(
            "a reference resolver gave "
                + odd
                + ", which is not a plugin file (.tar.gz, .tgz, .zip or .wasm)");
  }
}
