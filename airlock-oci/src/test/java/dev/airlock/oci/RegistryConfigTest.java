package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryConfigTest {
  @ParameterizedTest
  @CsvSource({
    "127.0.0.1:5000, true",
    "127.0.0.2, true",
    "localhost, true",
    "localhost:5000, true",
    "[::1]:5000, true",
    "ghcr.io, false",
    "registry.lan:5000, true",
    "registry.lan:5001, false",
    "other.lan, true",
    "192.168.1.10:5000, false",
  })
  void plainHttp_onlyForLoopbackAndListedHosts(String registry, boolean allowed) {
    RegistryConfig c =
        RegistryConfig.fromEnvironment(
                Map.of("AIRLOCK_INSECURE_REGISTRIES", "registry.lan:5000, other.lan"))
            .build();
    assertThat(c.httpAllowed(registry)).isEqualTo(allowed);
  }
}
