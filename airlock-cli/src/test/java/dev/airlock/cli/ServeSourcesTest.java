package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.server.SourceOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code airlock serve}'s install-source settings: flags over the environment over defaults. */
class ServeSourcesTest {
  static SourceOptions parse(Map<String, String> env, String... args) {
    ServeCommand c = new ServeCommand();
    new CommandLine(c).parseArgs(args);
    c.environment = env;
    return c.sourceOptions();
  }

  @Test
  void defaults_noIndex_signedIndexOnly() {
    SourceOptions so = parse(Map.of());
    assertThat(so.index()).isEmpty();
    assertThat(so.allowUnsignedIndex()).isFalse();
    assertThat(so.ociCache()).isEmpty();
    assertThat(so.allowLocalGit()).isFalse();
  }

  @Test
  void environment_setsThem_andFlagsWin() {
    Map<String, String> env =
        Map.of(
            "AIRLOCK_INDEX", "https://plugins.example/index.json",
            "AIRLOCK_ALLOW_UNSIGNED_INDEX", "true",
            "AIRLOCK_INDEX_TRUST_ROOT", "/etc/airlock/index-keys",
            "AIRLOCK_OCI_CACHE", "/var/cache/airlock");
    SourceOptions fromEnv = parse(env);
    assertThat(fromEnv.index()).contains("https://plugins.example/index.json");
    assertThat(fromEnv.allowUnsignedIndex()).isTrue();
    assertThat(fromEnv.indexTrustRoot()).contains(Path.of("/etc/airlock/index-keys"));
    assertThat(fromEnv.ociCache()).contains(Path.of("/var/cache/airlock"));
    SourceOptions flags =
        parse(
            env,
            "--index",
            "mirror/index.json",
            "--no-allow-unsigned-index",
            "--index-trust-root",
            "keys",
            "--oci-cache",
            "cache");
    assertThat(flags.index()).isEqualTo(Optional.of("mirror/index.json"));
    assertThat(flags.allowUnsignedIndex()).isFalse();
    assertThat(flags.indexTrustRoot()).contains(Path.of("keys"));
    assertThat(flags.ociCache()).contains(Path.of("cache"));
  }

  @Test
  void environment_badBoolean_saysWhich() {
    assertThatThrownBy(() -> parse(Map.of("AIRLOCK_ALLOW_UNSIGNED_INDEX", "maybe")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AIRLOCK_ALLOW_UNSIGNED_INDEX must be true or false, got 'maybe'");
  }
}
