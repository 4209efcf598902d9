package dev.airlock.server;

import static dev.airlock.server.SourceFixtures.json;
import static dev.airlock.server.SourceFixtures.refused;
import static dev.airlock.server.SourceFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.oci.PluginPusher;
import dev.airlock.oci.ProgressListener;
import dev.airlock.oci.Reference;
import dev.airlock.oci.RegistryClient;
import dev.airlock.oci.RegistryConfig;
import dev.airlock.testing.DockerRegistry;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oci install source against Debian's docker-registry on 127.0.0.1: plugins pushed with our
 * client, installed and updated through the REST API.
 */
class OciSourceIT {
  @TempDir Path tmp;

  @Test
  void pushedPlugin_installsByReference_updates_rollbackRefused_failuresStoreNothing()
      throws Exception {
    assumeTrue(
        DockerRegistry.available(),
        "docker-registry is not installed (apt-get install docker-registry)");
    RegistryConfig config =
        RegistryConfig.builder().attempts(1).timeout(Duration.ofSeconds(10)).build();
    try (DockerRegistry r =
            DockerRegistry.start(
                DockerRegistry.Mode.PLAIN, Files.createDirectories(tmp.resolve("reg")));
        ServerFixture s =
            SourceFixtures.start(
                tmp.resolve("data"),
                SourceOptions.defaults()
                    .withRegistry(config)
                    .withOciCache(tmp.resolve("oci-cache")),
                Map.of())) {
      String repo = "oci://" + r.hostPort() + "/plugins/relay";
      for (String v : List.of("1.0.0", "2.0.0")) {
        Path file = tmp.resolve("relay-" + v + ".tar.gz");
        Files.write(
            file, Artefacts.tarGz(Artefacts.demoKey(s.data), "echo", "relay", v, List.of("echo")));
        Artefact a = ArtefactReader.create().read(file);
        PluginPusher.create(RegistryClient.create(config))
            .push(
                a, Reference.parse(repo + ":" + v), false, Optional.empty(), ProgressListener.NONE);
      }

      var before = stored(s);
      Reference missing = Reference.parse(repo + ":9.9.9");
      refused(
          s,
          s.post("/api/v1/plugins", json("source", "oci", "reference", repo + ":9.9.9")),
          "source_refused",
          "no manifest 9.9.9 in "
              + missing.repository()
              + " (404); check the tag ('airlock inspect' lists what is there)",
          before);
      int closed;
      try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        closed = free.getLocalPort();
      }
      var down =
          s.post(
              "/api/v1/plugins",
              json("source", "oci", "reference", "127.0.0.1:" + closed + "/plugins/relay:1.0.0"));
      assertThat(down.status()).as(down.text()).isEqualTo(422);
      assertThat(down.json().get("message").asText())
          .startsWith(
              "no network and no cached version of 127.0.0.1:" + closed + "/plugins/relay:1.0.0 (");
      assertThat(down.json().at("/details/reason").asText()).isEqualTo("offline");
      assertThat(stored(s)).isEqualTo(before);
      refused(
          s,
          s.post("/api/v1/plugins", json("source", "oci", "reference", "oci://-bad/x:1")),
          "source_refused",
          invalidMessage("oci://-bad/x:1"),
          before);

      var a = s.post("/api/v1/plugins", json("source", "oci", "reference", repo + ":1.0.0"));
      assertThat(a.status()).as(a.text()).isEqualTo(201);
      assertThat(a.json().get("version").asText()).isEqualTo("1.0.0");
      assertThat(a.json().get("status").asText()).isEqualTo("disabled");
      assertThat(a.json().get("source").asText())
          .startsWith("oci:" + r.hostPort() + "/plugins/relay@sha256:");
      assertThat(s.post("/api/v1/plugins/relay/enable", null).status()).isEqualTo(200);
      assertThat(s.invoke("relay", "echo", "from a registry").text()).isEqualTo("from a registry");

      var up = s.put("/api/v1/plugins/relay", json("source", "oci", "reference", repo + ":2.0.0"));
      assertThat(up.status()).as(up.text()).isEqualTo(200);
      assertThat(up.json().get("version").asText()).isEqualTo("2.0.0");
      var back =
          s.put("/api/v1/plugins/relay", json("source", "oci", "reference", repo + ":1.0.0"));
      assertThat(back.status()).as(back.text()).isEqualTo(409);
      assertThat(back.json().get("error").asText()).isEqualTo("downgrade_refused");
      var allowed =
          s.put(
              "/api/v1/plugins/relay?allow_downgrade=true",
              json("source", "oci", "reference", repo + ":1.0.0"));
      assertThat(allowed.status()).as(allowed.text()).isEqualTo(200);
      assertThat(allowed.json().get("version").asText()).isEqualTo("1.0.0");
      assertThat(s.invoke("relay", "echo", "rolled back").text()).isEqualTo("rolled back");
    }
  }

  @Test
  void underAnOciKeyPolicy_anUnsignedPluginIsRefused_andInstallsOnceSigned() throws Exception {
    assumeTrue(
        DockerRegistry.available(),
        "docker-registry is not installed (apt-get install docker-registry)");
    RegistryConfig config =
        RegistryConfig.builder().attempts(1).timeout(Duration.ofSeconds(10)).build();
    java.security.KeyPair cosign = dev.airlock.signature.SigningKeys.generateEcdsaP256();
    String yaml =
        "allOf:\n  - kind: pubKey\n    key: |\n      "
            + dev.airlock.signature.PublicKeys.toPem(cosign.getPublic())
                .strip()
                .replace("\n", "\n      ")
            + "\n";
    var policy =
        dev.airlock.signature.PolicyParser.parse(
            yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), "policy.yaml", tmp);
    var verifier =
        dev.airlock.oci.sign.SignaturePullVerifier.of(
            policy, "test-key-policy", java.time.Clock.systemUTC());
    try (DockerRegistry r =
            DockerRegistry.start(
                DockerRegistry.Mode.PLAIN, Files.createDirectories(tmp.resolve("reg")));
        ServerFixture s =
            SourceFixtures.start(
                tmp.resolve("data"),
                SourceOptions.defaults()
                    .withRegistry(config)
                    .withOciCache(tmp.resolve("oci-cache"))
                    .withOciVerifier(verifier),
                Map.of())) {
      String repo = "oci://" + r.hostPort() + "/plugins/relay";
      Path file = tmp.resolve("relay-1.0.0.tar.gz");
      Files.write(
          file,
          Artefacts.tarGz(Artefacts.demoKey(s.data), "echo", "relay", "1.0.0", List.of("echo")));
      Reference ref = Reference.parse(repo + ":1.0.0");
      RegistryClient client = RegistryClient.create(config);
      PluginPusher.create(client)
          .push(
              ArtefactReader.create().read(file),
              ref,
              false,
              Optional.empty(),
              ProgressListener.NONE);

      var before = stored(s);
      var unsigned = s.post("/api/v1/plugins", json("source", "oci", "reference", repo + ":1.0.0"));
      assertThat(unsigned.status()).as(unsigned.text()).isEqualTo(422);
      assertThat(unsigned.json().get("message").asText())
          .startsWith("No valid signatures found for oci://" + ref);
      assertThat(stored(s)).isEqualTo(before);

      new dev.airlock.oci.sign.OciSigner(client)
          .sign(ref, cosign.getPrivate(), Optional.empty(), Map.of());
      var signed = s.post("/api/v1/plugins", json("source", "oci", "reference", repo + ":1.0.0"));
      assertThat(signed.status()).as(signed.text()).isEqualTo(201);
      assertThat(signed.json().get("version").asText()).isEqualTo("1.0.0");
    }
  }

  private static String invalidMessage(String text) {
    try {
      Reference.parse(text);
      throw new AssertionError(text + " should not parse");
    } catch (dev.airlock.oci.OciException e) {
      return e.getMessage();
    }
  }
}
