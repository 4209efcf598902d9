package dev.airlock.testing;

import static dev.airlock.testing.Chicory.call;
import static dev.airlock.testing.Chicory.output;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import dev.airlock.testing.Chicory.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WASI attacks run against Chicory 1.7.5's WASI preview 1, granting nothing unless told. */
class HostileWasiTest {
  private static final byte ENOTDIR = 54;
  private static final byte EBADF = 8;
  private static final byte EACCES = 2;
  private static final byte EISDIR = 31;
  private static final byte ENOENT = 44;
  private static final byte EPERM = 63;

  @TempDir Path temp;

  @Test
  void wasiFileAccess_withNothingGranted_everyAttemptFails() {
    Instance instance = wasi(HostileModule.WASI_FILE_ACCESS, WasiOptions.builder());

    byte[] opens = output(instance, call(instance, HostileModules.RUN));

    assertThat(opens).hasSize(55);
    for (int fd = 0; fd <= 10; fd++) {
      assertThat(slice(opens, fd * 5, 5)).as("fd " + fd).containsOnly(fd < 3 ? ENOTDIR : EBADF);
    }
    assertThat(call(instance, "exfiltrate")).isZero();
    assertThat(output(instance, call(instance, "create"))).hasSize(8).containsOnly(EBADF);
    assertThat(output(instance, call(instance, "destroy"))).hasSize(40).containsOnly(EBADF);
    assertThat(output(instance, call(instance, "preopens"))).hasSize(11).containsOnly(EBADF);
  }

  @Test
  void wasiFileAccess_withADirectoryGranted_refusesAbsoluteAndDotDotPathsAndNewSymlinks()
      throws IOException {
    Path granted = temp.resolve("granted");
    Files.createDirectories(granted.resolve("etc"));
    Files.writeString(granted.resolve("etc/passwd"), "inside");
    Instance instance =
        wasi(HostileModule.WASI_FILE_ACCESS, WasiOptions.builder().withDirectory("/", granted));

    byte[] opens = output(instance, call(instance, HostileModules.RUN));
    byte[] destroys = output(instance, call(instance, "destroy"));

    // fd 3: "/etc/passwd", "../…/etc/passwd", "etc/passwd", ".", "escape/passwd"
    assertThat(slice(opens, 15, 5)).containsExactly(EPERM, EPERM, 0, EISDIR, ENOENT);
    // fd 4 is the file it just opened; nothing else is open
    assertThat(slice(opens, 20, 5)).containsOnly(ENOTDIR);
    assertThat(slice(opens, 25, 30)).containsOnly(EBADF);
    // fd 3: the unlink inside the grant works; the symlink and the rename out are refused
    assertThat(destroys[3]).isEqualTo(EACCES);
    assertThat(destroys[4]).isEqualTo(EACCES);
    assertThat(Files.exists(granted.resolve("escape"), LinkOption.NOFOLLOW_LINKS)).isFalse();
  }

  @Test
  void wasiFileAccess_chicoryFollowsASymlinkOutOfTheGrantedDirectory() throws IOException {
    Path granted = Files.createDirectories(temp.resolve("granted"));
    Path secret = Files.createDirectories(temp.resolve("secret"));
    Files.writeString(secret.resolve("passwd"), "SECRET");
    Files.createSymbolicLink(granted.resolve("escape"), secret);
    Instance instance =
        wasi(HostileModule.WASI_FILE_ACCESS, WasiOptions.builder().withDirectory("/", granted));

    // A symlink already in the granted directory leads out of it: Chicory 1.7.5 follows it.
    byte[] leaked = output(instance, call(instance, "exfiltrate"));

    assertThat(new String(leaked, StandardCharsets.UTF_8)).isEqualTo("SECRET");
  }

  @Test
  void wasiEnvironment_withNothingGranted_findsNothingAndBadPointersTrap() {
    Instance instance = wasi(HostileModule.WASI_ENVIRONMENT, WasiOptions.builder());

    assertThat(call(instance, HostileModules.RUN)).isZero();
    assertThat(call(instance, "args")).isZero();
    // Chicory traps on out-of-bounds pointers rather than answering EFAULT.
    assertThatThrownBy(() -> call(instance, "bad_pointers"))
        .isExactlyInstanceOf(WasmRuntimeException.class)
        .hasMessageStartingWith("out of bounds memory access");
  }

  @Test
  void wasiEnvironment_withAVariableGranted_leaksExactlyIt() {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    Instance instance =
        wasi(
            HostileModule.WASI_ENVIRONMENT,
            WasiOptions.builder().withEnvironment("GRANTED", "yes").withStdout(stdout));

    byte[] leaked = output(instance, call(instance, HostileModules.RUN));

    assertThat(new String(leaked, StandardCharsets.UTF_8)).isEqualTo("GRANTED=yes\0");
    assertThat(stdout.toByteArray()).isEqualTo(leaked);
  }

  @Test
  void wasiClockRandom_run_readsTheInjectedClockAndRandomness() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    Instance instance =
        wasi(
            HostileModule.WASI_CLOCK_RANDOM,
            WasiOptions.builder()
                .withClock(Clock.fixed(now, ZoneOffset.UTC))
                .withRandom(new Random(42)));

    ByteBuffer out =
        ByteBuffer.wrap(output(instance, call(instance, HostileModules.RUN)))
            .order(ByteOrder.LITTLE_ENDIAN);

    assertThat(out.remaining()).isEqualTo(48);
    assertThat(out.getLong(0)).isEqualTo(now.getEpochSecond() * 1_000_000_000L);
    assertThat(slice(out.array(), 16, 32)).isNotEqualTo(new byte[32]);
  }

  @Test
  void wasiClockRandom_randomOutOfBounds_trapsInChicory() {
    Instance instance = wasi(HostileModule.WASI_CLOCK_RANDOM, WasiOptions.builder());

    assertThatThrownBy(() -> call(instance, "random_out_of_bounds"))
        .isExactlyInstanceOf(WasmRuntimeException.class);
  }

  @Test
  void wasiStdioFlood_otherFdsFailAndBadIovecsTrap() {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    Instance instance =
        wasi(HostileModule.WASI_STDIO_FLOOD, WasiOptions.builder().withStdout(stdout));

    assertThat(output(instance, call(instance, "other_fds"))).hasSize(9).containsOnly(EBADF);
    assertThatThrownBy(() -> call(instance, "bad_iovecs"))
        .isExactlyInstanceOf(WasmRuntimeException.class);
    call(instance, "huge_write");
    assertThat(stdout.size()).isEqualTo(8 << 20);
  }

  @Test
  void wasiProcExit_endsTheCallWithTheExitCode() {
    Instance instance = wasi(HostileModule.WASI_PROC_EXIT, WasiOptions.builder());

    assertThatThrownBy(() -> call(instance, HostileModules.RUN))
        .isExactlyInstanceOf(WasiExitException.class)
        .satisfies(e -> assertThat(((WasiExitException) e).exitCode()).isEqualTo(3));
    assertThatThrownBy(() -> call(instance, "exit_zero"))
        .isExactlyInstanceOf(WasiExitException.class)
        .satisfies(e -> assertThat(((WasiExitException) e).exitCode()).isZero());
  }

  private static Instance wasi(HostileModule module, WasiOptions.Builder options) {
    return Chicory.withWasi(
        module, Engine.INTERPRETER, WasiPreview1.builder().withOptions(options.build()).build());
  }

  private static byte[] slice(byte[] bytes, int from, int length) {
    return java.util.Arrays.copyOfRange(bytes, from, from + length);
  }
}
