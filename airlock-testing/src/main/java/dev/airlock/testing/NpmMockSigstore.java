package dev.airlock.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fresh keyless bundles from an independent implementation: npm {@code sigstore} against
 * {@code @sigstore/mock}, with the scripts and pinned lock file of airlock-sigstore's interop tests
 * ({@code ../airlock-sigstore/src/test/js}, relative to the module whose tests run), installed into
 * that module's {@code target/npm-interop} with {@code npm ci}.
 */
public final class NpmMockSigstore {
  private static final Path SOURCE = Path.of("../airlock-sigstore/src/test/js");
  private static final Path WORK = Path.of("target/npm-interop");

  private NpmMockSigstore() {}

  /**
   * Installs the pinned npm packages once per lock file.
   *
   * @throws Exception when npm fails
   */
  public static synchronized void install() throws Exception {
    Files.createDirectories(WORK);
    for (String f : List.of("package.json", "package-lock.json", "generate.js", "verify.js")) {
      Files.copy(SOURCE.resolve(f), WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    Path stamp = WORK.resolve("node_modules/.airlock-lock");
    byte[] lock = Files.readAllBytes(WORK.resolve("package-lock.json"));
    if (Files.exists(stamp) && java.util.Arrays.equals(Files.readAllBytes(stamp), lock)) {
      return;
    }
    run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 600);
    Files.write(stamp, lock);
  }

  /**
   * Signs {@code artifact} (here: a manifest's bytes) with a fresh mock Fulcio certificate and
   * Rekor entry.
   *
   * @param outDir where trusted_root.json, message.json, … are written
   * @param artifact the bytes to sign
   * @return {@code outDir}
   * @throws Exception when node fails
   */
  public static Path generate(Path outDir, Path artifact) throws Exception {
    run(
        new ArrayList<>(
            List.of(
                "node",
                "generate.js",
                outDir.toAbsolutePath().toString(),
                artifact.toAbsolutePath().toString())),
        120);
    return outDir;
  }

  private static void run(List<String> cmd, int seconds) throws Exception {
    Path log = Files.createTempFile("npm", ".log");
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(WORK.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " did not finish");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", cmd)
                + " failed ("
                + p.exitValue()
                + "): "
                + Files.readString(log, StandardCharsets.UTF_8));
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
