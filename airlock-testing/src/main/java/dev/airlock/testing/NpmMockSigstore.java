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
 * that module's {@code target/npm-interop} with {@code npm ci}. Our own scripts beside them: {@code
 * mock-servers.js} ({@link MockSigstoreServers}: the mock over real HTTP) and {@code
 * verify-keyless.js} (npm's verifier against a given trusted root).
 */
public final class NpmMockSigstore {
  private static final Path SOURCE = Path.of("../airlock-sigstore/src/test/js");
  static final Path WORK = Path.of("target/npm-interop");
  private static final List<String> OWN_SCRIPTS = List.of("mock-servers.js", "verify-keyless.js");

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
    for (String f : OWN_SCRIPTS) {
      try (var in = NpmMockSigstore.class.getResourceAsStream("sigstore/" + f)) {
        Files.copy(in, WORK.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
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

  /**
   * Verifies a keyless bundle with npm's {@code @sigstore/verify} against a trusted root, with the
   * expected certificate SAN and OIDC issuer (certificate chain, SCT, log entry, signature).
   *
   * @param bundle the bundle JSON file
   * @param artifact the signed bytes' file
   * @param trustedRoot the trusted_root.json
   * @param subject the expected certificate SAN
   * @param issuer the expected OIDC issuer
   * @return npm's one-line JSON answer (verified, mediaType, subject, issuer)
   * @throws Exception when node fails or the bundle does not verify (with npm's reason)
   */
  public static String verifyKeyless(
      Path bundle, Path artifact, Path trustedRoot, String subject, String issuer)
      throws Exception {
    return run(
        List.of(
            "node",
            "verify-keyless.js",
            bundle.toAbsolutePath().toString(),
            artifact.toAbsolutePath().toString(),
            trustedRoot.toAbsolutePath().toString(),
            subject,
            issuer),
        120);
  }

  private static String run(List<String> cmd, int seconds) throws Exception {
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
      return Files.readString(log, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
