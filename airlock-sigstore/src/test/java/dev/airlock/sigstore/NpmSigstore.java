package dev.airlock.sigstore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The independent Sigstore implementation used by the interop tests: npm {@code sigstore} with
 * {@code @sigstore/mock}, pinned in {@code src/test/js/package.json} and {@code package-lock.json}.
 * The harness copies them to {@code target/npm-interop} and runs {@code npm ci} there itself (again
 * only when the lock file changed).
 */
final class NpmSigstore {
  static final Path SOURCE = Path.of("src/test/js");
  static final Path WORK = Path.of("target/npm-interop");

  /** What a node script printed and how it ended. */
  record Run(int exit, String out, String err) {}

  private NpmSigstore() {}

  static synchronized void install() throws Exception {
    Files.createDirectories(WORK);
    for (String f : List.of("package.json", "package-lock.json", "generate.js", "verify.js")) {
      Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    Path stamp = WORK.resolve("node_modules/.airlock-lock");
    byte[] lock = Files.readAllBytes(WORK.resolve("package-lock.json"));
    if (Files.exists(stamp) && java.util.Arrays.equals(Files.readAllBytes(stamp), lock)) {
      return;
    }
    Run r = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 600);
    if (r.exit() != 0) {
      throw new IllegalStateException("npm ci failed (" + r.exit() + "): " + r.err());
    }
    Files.write(stamp, lock);
  }

  static Run node(String script, Object... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("node", script));
    for (Object a : args) {
      cmd.add(a instanceof Path p ? p.toAbsolutePath().toString() : String.valueOf(a));
    }
    return run(cmd, 120);
  }

  private static Run run(List<String> cmd, int seconds) throws IOException, InterruptedException {
    Path out = Files.createTempFile("npm-interop", ".out");
    Path err = Files.createTempFile("npm-interop", ".err");
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(WORK.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", cmd) + " did not finish in " + seconds + " s");
      }
      return new Run(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
