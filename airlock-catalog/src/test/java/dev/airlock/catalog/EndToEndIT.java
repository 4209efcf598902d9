package dev.airlock.catalog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.host.PluginHost;
import dev.airlock.host.PluginInfo;
import dev.airlock.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when": publish two versions to a signed index served over HTTP, install the
 * latest into a running host's plugins directory, see hot reload load it, and see a downgrade and a
 * tampered artefact refused while the host keeps running the installed version.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EndToEndIT {
  static final byte[] ECHO = Fixtures.example("echo");

  @TempDir Path tmp;

  @Test
  void publishInstallHotReload_downgradeAndTamperRefused() throws Exception {
    KeyPair alice = TestKeys.ed25519();
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Path plugins = Files.createDirectories(tmp.resolve("plugins"));
    Path index = repo.resolve("index.json");
    Publisher publisher = new Publisher(java.time.Clock.systemUTC(), Publisher.DEFAULT_VALIDITY);
    for (String v : new String[] {"1.0.0", "1.1.0"}) {
      Path a = Fixtures.pack(repo, "echo", v, ECHO, alice);
      publisher.add(index, a, Optional.empty(), Optional.of(alice.getPrivate()));
    }
    try (Served served = new Served(repo);
        PluginHost host =
            PluginHost.builder()
                .pluginsDirectory(plugins)
                .trustRoot(Fixtures.trust(alice))
                .debounce(Duration.ofMillis(50))
                .build()) {
      host.start();
      Installer installer =
          Installer.builder().fetcher(Fetcher.create()).trustRoot(Fixtures.trust(alice)).build();
      String indexUrl = served.url("index.json");

      InstallReport r = installer.install(Source.parse("echo", indexUrl), plugins);
      assertThat(r.version()).isEqualTo("1.1.0");
      await(() -> host.plugin("echo").flatMap(PluginInfo::version).equals(Optional.of("1.1.0")));
      assertThat(host.call("echo", "echo", "hi".getBytes(UTF_8)).output())
          .isEqualTo("hi".getBytes(UTF_8));

      assertThatThrownBy(() -> installer.install(Source.parse("echo@1.0.0", indexUrl), plugins))
          .hasMessage(
              "refusing to install 'echo' 1.0.0: version 1.1.0 was installed before; pass"
                  + " --allow-downgrade to install an older version");

      Path served11 = repo.resolve("echo-1.1.0.tar.gz");
      String indexed = Fixtures.sha256(served11);
      byte[] tampered = Files.readAllBytes(served11);
      tampered[tampered.length - 40] ^= 0x20;
      Files.write(served11, tampered);
      assertThatThrownBy(() -> installer.install(Source.parse("echo", indexUrl), plugins))
          .hasMessage(
              "sha256 mismatch for 'echo': index="
                  + indexed
                  + " actual="
                  + Fixtures.sha256(tampered));

      assertThat(host.plugin("echo").flatMap(PluginInfo::version)).contains("1.1.0");
      assertThat(Fixtures.visible(plugins))
          .containsExactly(".airlock-catalog.json", ".airlock-state.json", "echo.tar.gz");
    }
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("hot reload did not pick the plugin up within 30 s");
      }
      Thread.sleep(20);
    }
  }
}
