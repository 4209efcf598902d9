package dev.airlock.examples.hostapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.testing.TestKeys;
import dev.airlock.trust.ArtefactSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniProxyTest {
  @TempDir Path dir;

  @Test
  void queriesGoThroughThePluginsInTheDirectory() throws Exception {
    KeyPair key = TestKeys.ed25519();
    TestKeys.writePemPub(dir.resolve("trust"), "ops", key);
    byte[] wasm;
    try (var in =
        ClassLoader.getSystemClassLoader()
            .getResourceAsStream("dev/airlock/examples/cost-governor.wasm")) {
      wasm = in.readAllBytes();
    }
    Manifest m =
        new Manifest(
            Manifest.SCHEMA_VERSION,
            "cost-governor",
            SemanticVersion.parse("1.0.0"),
            "",
            "",
            List.of("pre_query"),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wasm)),
            Optional.empty(),
            Permissions.NONE,
            Optional.empty(),
            Instant.EPOCH);
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    ArtefactSigner.packTo(m, wasm, key.getPrivate(), plugins.resolve("cost-governor.tar.gz"));

    try (MiniProxy proxy = new MiniProxy(plugins, dir.resolve("trust"))) {
      assertThat(proxy.preQuery("{\"query\":\"SELECT id FROM t LIMIT 5\",\"tables\":[\"t\"]}"))
          .isEmpty();
      assertThat(proxy.preQuery("{\"query\":\"SELECT id FROM t\",\"tables\":[\"t\"]}"))
          .contains("\"block\"");
    }
  }
}
