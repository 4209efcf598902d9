package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.artefact.Abi;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.testing.DockerRegistry;
import dev.airlock.testing.TestKeys;
import dev.airlock.trust.ArtefactSigner;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** push, pull, inspect oci://, registry login, cache and host against a real registry. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OciCommandsIT {
  @TempDir Path tmp;
  Map<String, String> saved = OciOptions.environment;
  CliProcess host;

  @AfterEach
  void restore() {
    OciOptions.environment = saved;
    if (host != null) {
      host.close();
    }
  }

  Map<String, String> env(DockerRegistry r, boolean login) throws Exception {
    Path config = tmp.resolve("config");
    Path certs = Files.createDirectories(config.resolve("airlock/certs.d"));
    if (r.mode() != DockerRegistry.Mode.PLAIN) {
      Files.createDirectories(certs.resolve(r.hostPort()));
      Files.copy(
          r.caCert(),
          certs.resolve(r.hostPort()).resolve("ca.crt"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Map<String, String> env =
        new java.util.HashMap<>(
            Map.of(
                "XDG_CACHE_HOME", tmp.resolve("cache").toString(),
                "XDG_CONFIG_HOME", config.toString(),
                "DOCKER_CONFIG", tmp.resolve("docker").toString(),
                "PATH", System.getenv().getOrDefault("PATH", "")));
    if (login) {
      env.put("AIRLOCK_REGISTRY_PASSWORD", DockerRegistry.PASSWORD);
    }
    OciOptions.environment = env;
    return env;
  }

  static byte[] wasm(String name) throws Exception {
    try (InputStream in =
        ClassLoader.getSystemClassLoader()
            .getResourceAsStream("dev/airlock/examples/" + name + ".wasm")) {
      return in.readAllBytes();
    }
  }

  Path artefact(String name, String hook, Abi abi) throws Exception {
    byte[] wasm = wasm(name);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wasm));
    Manifest m =
        new Manifest(
            Manifest.SCHEMA_VERSION,
            name,
            SemanticVersion.parse("2.0.0"),
            "example",
            "MIT",
            List.of(hook),
            sha,
            Optional.of(abi),
            Permissions.NONE,
            Optional.of(Manifest.ED25519),
            Instant.parse("2026-02-03T04:05:06Z"));
    Path file = tmp.resolve(name + ".tar.gz");
    ArtefactSigner.packTo(m, wasm, TestKeys.ed25519().getPrivate(), file);
    return file;
  }

  @ParameterizedTest
  @EnumSource(DockerRegistry.Mode.class)
  void loginPushPullInspect_cacheLsRmGc(DockerRegistry.Mode mode) throws Exception {
    assumeTrue(DockerRegistry.available(), "docker-registry is not installed");
    try (DockerRegistry r =
        DockerRegistry.start(mode, Files.createDirectories(tmp.resolve("reg")))) {
      env(r, true);
      if (mode != DockerRegistry.Mode.PLAIN) {
        CliRunner.Result bad = CliRunner.run("pull", "oci://" + r.hostPort() + "/p/greeter:2");
        assertThat(bad.code()).isEqualTo(ExitCodes.REGISTRY);
        assertThat(bad.err()).contains("airlock registry login " + r.hostPort());
        CliRunner.Result login =
            CliRunner.run("registry", "login", r.hostPort(), "-u", DockerRegistry.USER);
        assertThat(login.err()).isEmpty();
        assertThat(login.out()).startsWith("login succeeded; credentials for " + r.hostPort());
      }
      String ref = "oci://" + r.hostPort() + "/p/greeter:2";
      Path file = artefact("greeter", "greet", Abi.EXTISM);
      CliRunner.Result push = CliRunner.run("push", file, ref);
      assertThat(push.code()).as(push.err()).isZero();
      assertThat(push.out()).startsWith("pushed " + r.hostPort() + "/p/greeter@sha256:");
      assertThat(push.err()).contains("uploading").contains("done");

      Path out = tmp.resolve("pulled/greeter.tar.gz");
      Files.createDirectories(out.getParent());
      CliRunner.Result pull = CliRunner.run("pull", ref, "-o", out, "--json");
      assertThat(pull.code()).as(pull.err()).isZero();
      String[] lines = pull.out().strip().split("\n");
      assertThat(lines[0]).startsWith("{\"phase\":\"resolving\"");
      assertThat(pull.out())
          .contains("{\"phase\":\"verifying\"")
          .contains("\"phase\":\"downloading\"")
          .contains("\"phase\":\"extracting\"")
          .contains("\"phase\":\"persisting\"")
          .contains("\"phase\":\"done\"");
      assertThat(lines[lines.length - 1])
          .contains("\"kind\":\"airlock\"")
          .contains("\"layout\":\"airlock\"")
          .contains("\"cached\":false");
      var pulled = dev.airlock.artefact.ArtefactReader.create().read(out);
      var pushed = dev.airlock.artefact.ArtefactReader.create().read(file);
      assertThat(pulled.manifestBytes()).isEqualTo(pushed.manifestBytes());
      assertThat(pulled.wasm()).isEqualTo(pushed.wasm());
      assertThat(pulled.signature().get()).isEqualTo(pushed.signature().get());

      CliRunner.Result again = CliRunner.run("pull", ref);
      assertThat(again.out()).contains("from cache");

      CliRunner.Result inspect = CliRunner.run("inspect", ref);
      assertThat(inspect.code()).as(inspect.err()).isZero();
      assertThat(inspect.out())
          .contains("media type:  application/vnd.oci.image.manifest.v1+json")
          .contains("config:      application/vnd.wasm.config.v0+json")
          .contains("application/wasm sha256:")
          .contains("org.opencontainers.image.version = 2.0.0")
          .contains("dev.airlock.hooks = greet")
          .contains("kind:        Airlock plugin (signed artefact; layout airlock)");

      CliRunner.Result ls = CliRunner.run("cache", "ls");
      assertThat(ls.out())
          .contains(r.hostPort() + "/p/greeter:2  sha256:")
          .contains("airlock/airlock");
      assertThat(CliRunner.run("cache", "rm", ref).out())
          .isEqualTo("removed " + r.hostPort() + "/p/greeter:2\n");
      CliRunner.Result missing = CliRunner.run("cache", "rm", ref);
      assertThat(missing.err())
          .contains("the cache has no entry for " + r.hostPort() + "/p/greeter:2");
      assertThat(CliRunner.run("cache", "gc").out()).startsWith("freed 0 B");
    }
  }

  @Test
  void pushPlatforms_makesOneIndex_pullTakesTheHostsNativeEntryButSaysItIsNotLoaded()
      throws Exception {
    assumeTrue(DockerRegistry.available(), "docker-registry is not installed");
    try (DockerRegistry r =
        DockerRegistry.start(
            DockerRegistry.Mode.PLAIN, Files.createDirectories(tmp.resolve("reg")))) {
      env(r, false);
      String ref = "oci://" + r.hostPort() + "/p/multi:1";
      String host = dev.airlock.oci.Platform.host().toString();
      Path so = Files.write(tmp.resolve("libecho.so"), new byte[] {0x7f, 'E', 'L', 'F', 2});
      Path echo = artefact("echo", "echo", Abi.RAW);
      CliRunner.Result push =
          CliRunner.run(
              "push", ref, "--platform", host + "=" + so, "--platform", "wasip1/wasm=" + echo);
      assertThat(push.code()).as(push.err()).isZero();
      CliRunner.Result swapped =
          CliRunner.run(
              "push", ref, "--platform", "wasip1/wasm=" + echo, "--platform", host + "=" + so);
      assertThat(swapped.out()).as("same entries, same digest").isEqualTo(push.out());

      CliRunner.Result inspect = CliRunner.run("inspect", ref, "--platform", "wasip1/wasm");
      assertThat(inspect.out())
          .contains("media type:  application/vnd.oci.image.index.v1+json")
          .contains(host)
          .contains("kind:        Airlock plugin (signed artefact; layout airlock)");

      CliRunner.Result pull = CliRunner.run("pull", ref, "-o", tmp.resolve("lib.bin"));
      assertThat(pull.code()).as(pull.err()).isZero();
      assertThat(pull.out()).contains("native plugin, layout native");
      assertThat(pull.err())
          .contains("loading native code needs an explicit opt-in (--allow-native)");
      assertThat(tmp.resolve("lib.bin")).hasSameBinaryContentAs(so);

      CliRunner.Result both = CliRunner.run("push", echo, ref, "--platform", "wasip1/wasm=" + echo);
      assertThat(both.code()).isNotZero();
      assertThat(both.err())
          .contains(
              "with --platform give only the REFERENCE; each artefact comes with its platform");
    }
  }

  @Test
  void host_loadsAnOciProviderFromTheSettingsFile() throws Exception {
    assumeTrue(DockerRegistry.available(), "docker-registry is not installed");
    try (DockerRegistry r =
        DockerRegistry.start(
            DockerRegistry.Mode.PLAIN, Files.createDirectories(tmp.resolve("reg")))) {
      Map<String, String> env = env(r, false);
      String ref = "oci://" + r.hostPort() + "/p/echo:1";
      assertThat(CliRunner.run("push", artefact("echo", "echo", Abi.RAW), ref).code()).isZero();
      Files.writeString(
          tmp.resolve("airlock.toml"),
          "[plugins]\ndirectory = \"plugins\"\n"
              + "[[providers]]\nname = \"echo\"\npath = \""
              + ref
              + "\"\n");
      host = CliProcess.start(tmp, env, "host", "--config", tmp.resolve("airlock.toml").toString());
      List<String> lines =
          host.linesUntil(l -> l.contains(" echo LOADED "), java.time.Duration.ofSeconds(90));
      assertThat(lines)
          .as("stderr: " + Files.readString(tmp.resolve("stderr.txt")))
          .anyMatch(l -> l.contains(" * INSTALLED echo.tar.gz from [[providers]]"))
          .anyMatch(l -> l.contains(" echo LOADED 2.0.0 from echo.tar.gz"));
    }
  }
}
