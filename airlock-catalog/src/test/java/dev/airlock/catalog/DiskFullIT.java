package dev.airlock.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.testing.Processes;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the plugins directory is a 1 MiB tmpfs mounted for the test (needs root and
 * mount permission; skipped with a message otherwise). Installing an artefact larger than the space
 * left fails with the file system's ENOSPC, and the installed version stays intact.
 */
class DiskFullIT {
  static final byte[] ECHO = Fixtures.example("echo");

  @TempDir Path tmp;
  Path plugins;
  boolean mounted;

  @BeforeEach
  void mount(org.junit.jupiter.api.TestInfo info) throws Exception {
    plugins = Files.createDirectories(tmp.resolve("plugins"));
    if (!info.getTestMethod().orElseThrow().getName().contains("Tmpfs")) {
      return;
    }
    var r =
        Processes.run(
            tmp, "mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", plugins.toString());
    mounted = r.code() == 0;
    assumeTrue(
        mounted,
        "cannot mount a small tmpfs here (needs root and mount permission): " + r.err().strip());
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      Processes.run(tmp, "umount", plugins.toString()).ok();
    }
  }

  /** A valid module padded with a custom section of incompressible bytes. */
  static byte[] padded(int extra) {
    byte[] payload = new byte[extra];
    new Random(7).nextBytes(payload);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ECHO);
    out.write(0); // custom section
    byte[] name = {1, 'x'};
    leb(out, name.length + payload.length);
    out.writeBytes(name);
    out.writeBytes(payload);
    return out.toByteArray();
  }

  static void leb(ByteArrayOutputStream out, int v) {
    do {
      int b = v & 0x7f;
      v >>>= 7;
      out.write(v != 0 ? b | 0x80 : b);
    } while (v != 0);
  }

  @Test
  void diskFullOnATmpfs_oldVersionIntact_nothingLeft() throws Exception {
    Installer installer = Installer.builder().fetcher(Fetcher.create()).build();
    Path v1 = Fixtures.pack(tmp.resolve("a"), "echo", "1.0.0", ECHO, null);
    installer.install(new Source.LocalFile(v1), plugins);
    byte[] before = Files.readAllBytes(plugins.resolve("echo.tar.gz"));

    Path v2 = Fixtures.pack(tmp.resolve("b"), "echo", "2.0.0", padded(2 << 20), null);
    assertThat(Files.size(v2)).isGreaterThan(1 << 20);
    assertThatThrownBy(() -> installer.install(new Source.LocalFile(v2), plugins))
        .isInstanceOf(java.io.IOException.class)
        .hasMessage(
            "install into "
                + plugins
                + " failed before anything was placed (No space left on device); the installed"
                + " version is unchanged");
    assertThat(Files.readAllBytes(plugins.resolve("echo.tar.gz"))).isEqualTo(before);
    assertThat(Fixtures.visible(plugins)).containsExactly(".airlock-catalog.json", "echo.tar.gz");
  }

  /**
   * Without root: the installer runs in a child JVM under {@code ulimit -f} (RLIMIT_FSIZE). The JVM
   * ignores SIGXFSZ, so the kernel fails the write with EFBIG ("File too large") at the same point
   * where a full disk fails it with ENOSPC.
   */
  @Test
  void writeFailsUnderAFileSizeLimit_oldVersionIntact_nothingLeft() throws Exception {
    Installer installer = Installer.builder().fetcher(Fetcher.create()).build();
    Path v1 = Fixtures.pack(tmp.resolve("a"), "echo", "1.0.0", ECHO, null);
    installer.install(new Source.LocalFile(v1), plugins);
    byte[] before = Files.readAllBytes(plugins.resolve("echo.tar.gz"));
    Path v2 = Fixtures.pack(tmp.resolve("b"), "echo", "2.0.0", padded(2 << 20), null);
    String javaBin = ProcessHandle.current().info().command().orElseThrow();
    var r =
        Processes.run(
            tmp,
            java.util.Map.of("CP", System.getProperty("java.class.path")),
            java.util.List.of(
                "bash",
                "-c",
                "ulimit -f 1024 && exec \"$0\" -XX:-UsePerfData -cp \"$CP\" "
                    + InstallChild.class.getName()
                    + " unused \"$1\" \"$2\" NONE",
                javaBin,
                v2.toString(),
                plugins.toString()));
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "install into "
                + plugins
                + " failed before anything was placed (File too large); the installed version is"
                + " unchanged");
    assertThat(Files.readAllBytes(plugins.resolve("echo.tar.gz"))).isEqualTo(before);
    assertThat(Fixtures.visible(plugins)).containsExactly(".airlock-catalog.json", "echo.tar.gz");
  }
}
