package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.oci.auth.CredentialHelpers;
import dev.airlock.oci.auth.Credentials;
import dev.airlock.oci.auth.DockerConfigStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json credentials; helpers are small shell scripts standing in for docker-credential-*. */
class DockerConfigStoreTest {
  @TempDir Path tmp;

  DockerConfigStore store(String json) throws Exception {
    Path f = tmp.resolve("config.json");
    Files.writeString(f, json);
    return new DockerConfigStore(f, CredentialHelpers.onPath(Map.of("PATH", tmp.toString())));
  }

  void helper(String name, String script) throws Exception {
    Path p = tmp.resolve("docker-credential-" + name);
    Files.writeString(p, "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void auths_matchOnlyTheirOwnHostAndPort() throws Exception {
    DockerConfigStore s =
        store(
            "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\""
                + b64("hub:pw")
                + "\"},\"localhost:5000\":{\"auth\":\""
                + b64("me:pw2")
                + "\"}}}");
    assertThat(s.find("docker.io")).contains(new Credentials("hub", "pw"));
    assertThat(s.find("localhost:5000")).contains(new Credentials("me", "pw2"));
    assertThat(s.find("localhost:5001")).isEmpty();
    assertThat(s.find("localhost")).isEmpty();
    assertThat(s.find("evil.io")).isEmpty();
  }

  @Test
  void credHelpers_thenCredsStore_runTheirPrograms() throws Exception {
    helper(
        "pass",
        "read url; echo \"{\\\"ServerURL\\\":\\\"$url\\\",\\\"Username\\\":\\\"u-$url\\\",\\\"Secret\\\":\\\"s\\\"}\"\n");
    helper("desk", "read url; echo credentials not found in native keychain; exit 1\n");
    DockerConfigStore s = store("{\"credHelpers\":{\"ghcr.io\":\"pass\"},\"credsStore\":\"desk\"}");
    assertThat(s.find("ghcr.io")).contains(new Credentials("u-ghcr.io", "s"));
    assertThat(s.find("quay.io")).isEmpty();
  }

  @Test
  void missingOrFailingHelper_saysWhich() throws Exception {
    helper("broken", "echo boom >&1; exit 3\n");
    assertThatThrownBy(() -> store("{\"credsStore\":\"nothere\"}").find("x.io"))
        .hasMessage(
            "credential helper docker-credential-nothere is not on PATH; install it or"
                + " remove it from config.json");
    assertThatThrownBy(() -> store("{\"credsStore\":\"broken\"}").find("x.io"))
        .hasMessage(tmp.resolve("docker-credential-broken") + " get failed (exit 3): boom");
    assertThatThrownBy(() -> store("{\"credsStore\":\"../evil\"}").find("x.io"))
        .hasMessage("credential helper name '../evil' is not a plain program name");
  }

  @Test
  void store_writesOwnerOnly_andKeepsOtherEntries() throws Exception {
    DockerConfigStore s = store("{\"auths\":{\"a.io\":{\"auth\":\"" + b64("a:1") + "\"}}}");
    s.store("b.io", new Credentials("b", "2"));
    assertThat(s.find("a.io")).contains(new Credentials("a", "1"));
    assertThat(s.find("b.io")).contains(new Credentials("b", "2"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(s.file())))
        .isEqualTo("rw-------");
    assertThat(new Credentials("x", "topsecret").toString()).doesNotContain("topsecret");
  }
}
