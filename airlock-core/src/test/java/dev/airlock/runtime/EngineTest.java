package dev.airlock.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.testing.HostileModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
  @TempDir Path dir;

  static long cacheEntries(Path root) throws Exception {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".jar")).count();
    }
  }

  @Test
  void compileCache_writesAnEntry_aFreshEngineUsesIt() throws Exception {
    Path cache = dir.resolve("cache");
    try (Engine e = Engine.builder().compileCache(cache).build()) {
      assertThat(e.load(TestPlugins.example("echo", "echo")).interpreted()).isFalse();
    }
    assertThat(cacheEntries(cache)).isEqualTo(1);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(
                    cache.resolve("chicory-" + DiskCompileCache.chicoryVersion()))))
        .isEqualTo("rwx------");

    try (Engine e = Engine.builder().compileCache(cache).build()) {
      Plugin p = e.load(TestPlugins.example("echo", "echo"));
      assertThat(new String(p.call("echo", "cached".getBytes(UTF_8)).output(), UTF_8))
          .isEqualTo("cached");
      assertThat(p.interpreted()).isFalse();
      assertThat(e.compileCacheStats().diskHits()).isEqualTo(1);
      assertThat(e.compileCacheStats().diskMisses()).isZero();
    }
  }

  @Test
  void pluginsLoadedFromTheCache_behaveAsCompiledOnes() throws Exception {
    Path cache = dir.resolve("cache");
    String query =
        "{\"query\":\"SELECT * FROM users\",\"normalized_query\":\"select * from users\","
            + "\"tables\":[\"users\"],\"read_only\":true}";
    byte[] compiled;
    try (Engine e = Engine.builder().compileCache(cache).build()) {
      Plugin p = e.load(TestPlugins.example("cost-governor", "pre_query"));
      compiled = p.call("pre_query", query.getBytes(UTF_8)).output();
      assertThat(e.compileCacheStats().diskMisses()).isEqualTo(1);
    }
    try (Engine e = Engine.builder().compileCache(cache).build()) {
      Plugin p = e.load(TestPlugins.example("cost-governor", "pre_query"));
      assertThat(e.compileCacheStats().diskHits()).isEqualTo(1);
      assertThat(p.call("pre_query", query.getBytes(UTF_8)).output()).isEqualTo(compiled);
      assertThat(new String(compiled, UTF_8)).contains("block");
      // a trap in cached code is still a trap, and the plugin keeps serving
      Plugin traps = e.load(TestPlugins.artefact("traps", HostileModules.traps(), "unreachable"));
      assertThatThrownBy(() -> traps.call("unreachable", new byte[0]))
          .isInstanceOf(PluginTrapException.class);
    }
    try (Engine e = Engine.builder().compileCache(cache).build()) {
      Plugin traps = e.load(TestPlugins.artefact("traps", HostileModules.traps(), "unreachable"));
      assertThat(e.compileCacheStats().diskHits()).isEqualTo(1);
      assertThatThrownBy(() -> traps.call("unreachable", new byte[0]))
          .isInstanceOf(PluginTrapException.class)
          .hasMessageContaining("unreachable");
    }
  }

  @Test
  void corruptCacheEntry_isReplaced_andTheModuleStaysCompiled() throws Exception {
    Path cache = dir.resolve("cache");
    try (Engine e = Engine.builder().compileCache(cache).build()) {
      e.load(TestPlugins.example("echo", "echo"));
    }
    Path entry;
    try (Stream<Path> files = Files.walk(cache)) {
      entry = files.filter(f -> f.toString().endsWith(".jar")).findFirst().orElseThrow();
    }
    Files.writeString(entry, "not a jar");

    try (Engine e = Engine.builder().compileCache(cache).build()) {
      Plugin p = e.load(TestPlugins.example("echo", "echo"));
      assertThat(p.interpreted()).isFalse();
      assertThat(new String(p.call("echo", "ok".getBytes(UTF_8)).output(), UTF_8)).isEqualTo("ok");
    }
    assertThat(Files.readAllBytes(entry)).isNotEqualTo("not a jar".getBytes(UTF_8));
  }

  @Test
  void entriesOfEarlierBuilds_areRemoved_currentOnesKept() throws Exception {
    Path cache = dir.resolve("cache");
    try (Engine e = Engine.builder().compileCache(cache).build()) {
      e.load(TestPlugins.example("echo", "echo"));
    }
    Path versioned = cache.resolve("chicory-" + DiskCompileCache.chicoryVersion());
    Path old = Files.writeString(versioned.resolve("ab".repeat(32) + ".jar"), "old entry");
    Path unrelated = Files.writeString(versioned.resolve("notes.jar"), "not ours to judge");

    try (Engine e = Engine.builder().compileCache(cache).build()) {
      e.load(TestPlugins.example("echo", "echo"));
      assertThat(e.compileCacheStats().diskHits()).isEqualTo(1);
    }
    assertThat(old).doesNotExist();
    assertThat(unrelated).exists();
    try (Stream<Path> files = Files.list(versioned)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .filteredOn(n -> n.startsWith(DiskCompileCache.ENTRY_PREFIX))
          .hasSize(1);
    }
  }

  @Test
  void cacheDirectoryWritableByOthers_isNotUsed() throws Exception {
    Path cache = Files.createDirectories(dir.resolve("shared"));
    Files.setPosixFilePermissions(cache, PosixFilePermissions.fromString("rwxrwxrwx"));
    try (Engine e = Engine.builder().compileCache(cache).build()) {
      assertThat(e.load(TestPlugins.example("echo", "echo")).interpreted()).isFalse();
    }
    assertThat(cacheEntries(cache)).isZero();
  }

  @Test
  void pooled_trapDiscardsTheInstance_healthyCallsReuseIt() throws Exception {
    try (Engine e = Engine.builder().build()) {
      Plugin p =
          e.load(
              TestPlugins.artefact(
                  "traps", HostileModules.traps(), "unreachable", "divide_by_zero"),
              PluginOptions.builder().isolation(Isolation.POOLED).build());
      for (int i = 0; i < 3; i++) {
        assertThatThrownBy(() -> p.call("unreachable", new byte[0]))
            .isInstanceOf(PluginTrapException.class);
      }
      assertThat(p.instancesCreated()).isEqualTo(3);
    }
  }

  @Test
  void inputOverTheCap_refusedBeforeAnyInstance() throws Exception {
    Limits small = Limits.builder().maxInputBytes(16).build();
    try (Engine e = Engine.builder().defaultLimits(small).build()) {
      Plugin p = e.load(TestPlugins.example("echo", "echo"));
      assertThatThrownBy(() -> p.call("echo", new byte[17]))
          .isInstanceOf(PluginLimitException.class)
          .hasMessage("input of 17 bytes is over the cap of 16 bytes");
      assertThat(p.instancesCreated()).isZero();
    }
  }

  @Test
  void manifestAsksForMoreThanTheMaximum_getsTheMaximum() throws Exception {
    Limits max = Limits.builder().maxMemoryPages(32).build();
    try (Engine e = Engine.builder().maximumLimits(max).build()) {
      var perms =
          new dev.airlock.artefact.Permissions(
              java.util.OptionalInt.of(1000),
              java.util.OptionalLong.of(60_000),
              java.util.OptionalLong.empty(),
              java.util.List.of(),
              java.util.List.of(),
              java.util.List.of());
      Plugin p =
          e.load(
              TestPlugins.artefact(
                  "echo", TestPlugins.example("echo"), java.util.List.of("echo"), null, perms));
      assertThat(p.limits().maxMemoryPages()).isEqualTo(32);
      assertThat(p.limits().timeout()).isEqualTo(max.timeout());
    }
  }

  @Test
  void notWasm_refusedAtLoad() {
    try (Engine e = Engine.builder().build()) {
      byte[] junk = {0, 'a', 's', 'm', 1, 0, 0, 0, 0x7f, 0x7f};
      assertThatThrownBy(() -> e.load(TestPlugins.artefact("junk", junk, "run")))
          .isInstanceOf(PluginAbiException.class)
          .hasMessageStartingWith("plugin 'junk' is not a valid WebAssembly module: ");
    }
  }

  @Test
  void hookNotExported_refusedAtLoadWithTheExports() {
    try (Engine e = Engine.builder().build()) {
      assertThatThrownBy(() -> e.load(TestPlugins.example("echo", "pre_query")))
          .isInstanceOf(PluginAbiException.class)
          .hasMessageContaining(
              "manifest names hook 'pre_query' but the module does not export" + " it");
    }
  }
}
