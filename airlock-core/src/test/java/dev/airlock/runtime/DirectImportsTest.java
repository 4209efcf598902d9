package dev.airlock.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.artefact.Abi;
import dev.airlock.artefact.Permissions;
import dev.airlock.testing.WatCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Extism word moves bound directly in compiled code ({@link DirectImports}). */
class DirectImportsTest {
  @TempDir Path dir;

  // input_load_u64 and store_u64 with the ABI's types, and what goes wrong with each.
  private static final String WORDS =
      """
      (module
        (import "extism:host/env" "input_length" (func $input_length (result i64)))
        (import "extism:host/env" "input_load_u64" (func $input_load_u64 (param i64) (result i64)))
        (import "extism:host/env" "alloc" (func $alloc (param i64) (result i64)))
        (import "extism:host/env" "store_u64" (func $store_u64 (param i64 i64)))
        (import "extism:host/env" "output_set" (func $output_set (param i64 i64)))
        (memory (export "memory") 1)
        ;; The input's first word, stored as the output.
        (func (export "first_word") (result i32)
          (local $block i64)
          (local.set $block (call $alloc (i64.const 8)))
          (call $store_u64 (local.get $block) (call $input_load_u64 (i64.const 0)))
          (call $output_set (local.get $block) (i64.const 8))
          (i32.const 0))
        (func (export "read_past_the_input") (result i32)
          (drop (call $input_load_u64 (i64.sub (call $input_length) (i64.const 7))))
          (i32.const 0))
        (func (export "read_before_the_input") (result i32)
          (drop (call $input_load_u64 (i64.const -8)))
          (i32.const 0))
        (func (export "store_outside") (result i32)
          (call $store_u64 (i64.const 0xDEADBEEF) (i64.const 1))
          (i32.const 0))
        (func (export "spin") (result i32)
          (loop $again
            (drop (call $input_load_u64 (i64.const 0)))
            (br $again))
          (i32.const 0))
      )
      """;

  private static final List<String> HOOKS =
      List.of(
          "first_word", "read_past_the_input", "read_before_the_input", "store_outside", "spin");

  @Test
  void wordMoveStubs_areRewritten_whenCompiled_andWhenLoadedFromTheDiskCache() throws Exception {
    Path cache = cacheDir();
    var extism = TestPlugins.example("extism-echo", "echo").artefact();
    var raw = TestPlugins.example("echo", "echo").artefact();

    ModuleCompiler first = new ModuleCompiler(DiskCompileCache.open(cache));
    assertThat(first.compile("extism-echo", extism).directStubs()).isEqualTo(2);
    assertThat(first.compile("echo", raw).directStubs()).as("a raw-ABI module").isZero();

    ModuleCompiler fresh = new ModuleCompiler(DiskCompileCache.open(cache));
    ModuleCompiler.Compiled cached = fresh.compile("extism-echo", extism);
    assertThat(fresh.stats().diskHits()).as("loaded from the disk cache").isEqualTo(1);
    assertThat(cached.directStubs()).isEqualTo(2);

    assertThat(new ModuleCompiler(null).compile("words", words().artefact()).directStubs())
        .isEqualTo(2);
  }

  @Test
  void boundExtismEcho_givesBackEveryInputExactly_compiledAndCached() throws Exception {
    Path cache = cacheDir();
    Random random = new Random(7);
    for (int round = 0; round < 2; round++) { // the second engine loads from the disk cache
      try (Engine e = Engine.builder().compileCache(cache).build()) {
        Plugin p = e.load(TestPlugins.example("extism-echo", "echo"), pooled());
        for (int size : new int[] {0, 1, 7, 8, 9, 1000, 1024, 4099, 65_536 + 5}) {
          byte[] in = new byte[size];
          random.nextBytes(in);
          assertThat(p.call("echo", in).output())
              .as("round %d, %d bytes", round, size)
              .isEqualTo(in);
        }
      }
    }
  }

  @Test
  void boundWordMoves_failAsTheHostFunctionsDo() throws Exception {
    try (Engine e = Engine.builder().build()) {
      Plugin p = e.load(words(), pooled());
      byte[] in = "0123456789abcdef".getBytes(UTF_8);
      assertThat(new String(p.call("first_word", in).output(), UTF_8)).isEqualTo("01234567");
      assertThatThrownBy(() -> p.call("read_past_the_input", in))
          .isInstanceOf(PluginTrapException.class)
          .hasMessage(
              "plugin 'words' hook 'read_past_the_input' broke its ABI:"
                  + " input_load at 9 is outside the input of 16 bytes");
      assertThatThrownBy(() -> p.call("read_before_the_input", in))
          .isInstanceOf(PluginTrapException.class)
          .hasMessage(
              "plugin 'words' hook 'read_before_the_input' broke its ABI:"
                  + " input_load at -8 is outside the input of 16 bytes");
      assertThatThrownBy(() -> p.call("store_outside", in))
          .isInstanceOf(PluginTrapException.class)
          .hasMessageStartingWith(
              "plugin 'words' hook 'store_outside' broke its ABI:"
                  + " Extism store_u64 at offset 3735928559 (8 bytes) is outside the allocated"
                  + " memory");
      // The instance stays usable after its calls broke the ABI (a fresh one each time).
      assertThat(new String(p.call("first_word", in).output(), UTF_8)).isEqualTo("01234567");
    }
  }

  @Test
  void aLoopOfBoundCalls_stillStopsAtTheDeadline() throws Exception {
    Limits limits = Limits.defaults().toBuilder().timeout(Duration.ofMillis(200)).build();
    try (Engine e = Engine.builder().defaultLimits(limits).build()) {
      Plugin p = e.load(words(), pooled());
      assertThatThrownBy(() -> p.call("spin", "12345678".getBytes(UTF_8)))
          .isInstanceOfSatisfying(
              PluginTimeoutException.class,
              t -> assertThat(t.budget()).isEqualTo(PluginTimeoutException.Budget.WALL_CLOCK));
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
  }

  @Test
  void aClassFileThatIsNotOne_isLeftAsItIs() {
    byte[] junk = "not a class file".getBytes(UTF_8);
    int[] count = {0};
    assertThat(DirectImports.rewrite(junk, Map.of(1, DirectImports.Op.INPUT_LOAD_U64), count))
        .isSameAs(junk);
    assertThat(count[0]).isZero();
  }

  private static dev.airlock.trust.VerifiedArtefact words() {
    return TestPlugins.artefact(
        "words", WatCompiler.compile(WORDS), HOOKS, Abi.EXTISM, Permissions.NONE);
  }

  private static PluginOptions pooled() {
    return PluginOptions.builder().isolation(Isolation.POOLED).build();
  }

  private Path cacheDir() throws Exception {
    return Files.createDirectory(
        dir.resolve("cache"),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }
}
