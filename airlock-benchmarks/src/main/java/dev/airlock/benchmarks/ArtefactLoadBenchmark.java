package dev.airlock.benchmarks;

import dev.airlock.AirlockException;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.testing.WasmModules;
import dev.airlock.trust.ArtefactSigner;
import dev.airlock.trust.ArtefactVerifier;
import dev.airlock.trust.Ed25519Keys;
import dev.airlock.trust.TrustRoot;
import dev.airlock.trust.VerifiedArtefact;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Loading and verifying a signed artefact, next to {@code gunzip -c A | sha256sum} on the same file
 * in the same run, and the cost of starting a process at all.
 *
 * <p>{@link #airlockLoadVerify} is what a host does before it runs a plugin: read the {@code
 * .tar.gz} (inflate, parse tar, hash file and wasm, parse the manifest) and check its Ed25519
 * signature against a trust root. {@link #gunzipSha256sum} is the peer named in the issue: it
 * decompresses the same file and hashes the result. {@link #spawnBaseline} is {@code /bin/sh -c
 * true}, so the fork-and-exec cost inside the peer's time can be subtracted.
 *
 * <p>Sizes are chosen for a 2-core shared machine: one fork, few iterations, a few minutes in all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ArtefactLoadBenchmark {
  private static final int MIB = 1024 * 1024;
  private static final long SEED = 42;

  /** The shell pipeline; the artefact path is passed as {@code $1}, so it needs no quoting. */
  private static final String PIPELINE = "gunzip -c \"$1\" | sha256sum";

  private static final File DEV_NULL = new File("/dev/null");

  /** One signed artefact on disk and what is needed to load it. */
  @State(Scope.Benchmark)
  public static class SignedArtefact {
    /** Size of {@code plugin.wasm} in MiB. */
    @Param({"5", "50"})
    public int sizeMiB;

    private Path directory;
    private Path file;
    private ArtefactReader reader;
    private ArtefactVerifier verifier;
    private List<String> pipeline;

    /**
     * Packs a signed artefact to a temporary file and checks that both sides accept it.
     *
     * @throws AirlockException when Airlock refuses the artefact it just packed
     * @throws IOException when the file cannot be written or the pipeline cannot start
     * @throws InterruptedException when interrupted while the pipeline runs
     * @throws IllegalStateException when the loaded wasm or the pipeline's digest is wrong
     */
    @Setup(Level.Trial)
    public void pack() throws AirlockException, IOException, InterruptedException {
      byte[] wasm = WasmModules.ofSize(sizeMiB * MIB, SEED);
      KeyPair keys = Ed25519Keys.generate();
      reader = ArtefactReader.create();
      verifier = ArtefactVerifier.trusting(TrustRoot.of(Map.of("bench", keys.getPublic())));
      directory = Files.createTempDirectory("airlock-bench-");
      file = directory.resolve("bench-" + sizeMiB + "mib.tar.gz");
      pipeline = List.of("/bin/sh", "-c", PIPELINE, "sh", file.toString());
      try {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
          ArtefactSigner.pack(manifest(wasm), wasm, keys.getPrivate(), out);
        }
        checkBothSides(wasm.length);
      } catch (AirlockException | IOException | InterruptedException | RuntimeException e) {
        delete(); // JMH skips the tear-down when the setup fails
        throw e;
      }
    }

    /**
     * Deletes the artefact and its directory.
     *
     * @throws IOException when they cannot be deleted
     */
    @TearDown(Level.Trial)
    public void delete() throws IOException {
      Files.deleteIfExists(file);
      Files.deleteIfExists(directory);
    }

    VerifiedArtefact loadAndVerify() throws AirlockException, IOException {
      return verifier.verify(reader.read(file));
    }

    private static Manifest manifest(byte[] wasm) {
      return new Manifest(
          Manifest.SCHEMA_VERSION,
          "bench",
          new SemanticVersion(1, 0, 0, "", ""),
          "benchmark input",
          "Apache-2.0",
          List.of("on_request"),
          HexFormat.of().formatHex(sha256().digest(wasm)),
          Optional.empty(),
          Permissions.NONE,
          Optional.empty(),
          Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** A benchmark that measured a refusal or a wrong digest would be meaningless. */
    private void checkBothSides(int wasmSize)
        throws AirlockException, IOException, InterruptedException {
      VerifiedArtefact verified = loadAndVerify();
      if (verified.artefact().wasmSize() != wasmSize) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "loaded wasm is %d bytes, packed %d",
                verified.artefact().wasmSize(),
                wasmSize));
      }
      String expected;
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
        MessageDigest digest = sha256();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
          digest.update(buf, 0, n);
        }
        expected = HexFormat.of().formatHex(digest.digest());
      }
      Process p = new ProcessBuilder(pipeline).redirectInput(DEV_NULL).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      int exit = p.waitFor();
      if (exit != 0 || !out.startsWith(expected + " ")) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "'%s' exited %d printing '%s'; expected the digest %s",
                PIPELINE,
                exit,
                out.strip(),
                expected));
      }
    }
  }

  /**
   * Reads the artefact with {@link ArtefactReader} and verifies it with {@link ArtefactVerifier}.
   *
   * @param artefact the packed artefact
   * @param blackhole keeps the result alive
   * @throws AirlockException when the artefact is refused (the setup checked that it is not)
   * @throws IOException when reading fails
   */
  @Benchmark
  public void airlockLoadVerify(SignedArtefact artefact, Blackhole blackhole)
      throws AirlockException, IOException {
    blackhole.consume(artefact.loadAndVerify());
  }

  /**
   * Runs {@code /bin/sh -c 'gunzip -c A | sha256sum'} on the same file and waits for it.
   *
   * @param artefact the packed artefact
   * @return the exit code, always 0
   * @throws IOException when the process cannot start
   * @throws InterruptedException when interrupted while waiting
   * @throws IllegalStateException when the pipeline fails
   */
  @Benchmark
  public int gunzipSha256sum(SignedArtefact artefact) throws IOException, InterruptedException {
    return run(artefact.pipeline);
  }

  /**
   * Runs {@code /bin/sh -c true}: the fork, exec and shell start-up inside {@link
   * #gunzipSha256sum}'s time.
   *
   * @return the exit code, always 0
   * @throws IOException when the process cannot start
   * @throws InterruptedException when interrupted while waiting
   * @throws IllegalStateException when the shell fails
   */
  @Benchmark
  public int spawnBaseline() throws IOException, InterruptedException {
    return run(List.of("/bin/sh", "-c", "true"));
  }

  private static int run(List<String> command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectInput(DEV_NULL)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(command + " exited " + exit + "; expected 0");
    }
    return exit;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JDK has no SHA-256", e);
    }
  }
}
