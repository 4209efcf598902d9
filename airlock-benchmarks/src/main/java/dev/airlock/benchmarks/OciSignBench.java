package dev.airlock.benchmarks;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.oci.Digest;
import dev.airlock.oci.MediaTypes;
import dev.airlock.oci.OciCache;
import dev.airlock.oci.PluginPuller;
import dev.airlock.oci.PluginPusher;
import dev.airlock.oci.ProgressListener;
import dev.airlock.oci.PullOptions;
import dev.airlock.oci.PullVerifier;
import dev.airlock.oci.Reference;
import dev.airlock.oci.RegistryClient;
import dev.airlock.oci.RegistryConfig;
import dev.airlock.oci.sign.OciSigner;
import dev.airlock.oci.sign.OciVerification;
import dev.airlock.signature.PublicKeys;
import dev.airlock.signature.SigningKeys;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Signature verification per pull against a real registry, in one warm JVM, same run: a plain pull
 * (digests only), a pull under a key policy (cosign legacy {@code .sig}), a pull under a keyless
 * githubAction policy (an npm sigstore + {@code @sigstore/mock} bundle attached as a referrer), and
 * the cached re-verify of each (pinned, from the cache, no network).
 *
 * <pre>
 * OciSignBench prepare HOST DIR    push a 1 MiB plugin, sign it with a fresh key, write
 *                                  DIR/manifest.json (to sign keyless) and DIR/key.pub
 * OciSignBench run HOST DIR N      attach DIR/keyless/message.json, then time N pulls of each kind
 * </pre>
 */
public final class OciSignBench {
  private OciSignBench() {}

  /**
   * Entry point.
   *
   * @param args see the class comment
   * @throws Exception on any failure
   */
  public static void main(String[] args) throws Exception {
    RegistryClient c = RegistryClient.create(RegistryConfig.builder().build());
    Reference ref = Reference.parse(args[1] + "/bench/signed:1");
    Path dir = Path.of(args[2]);
    if (args[0].equals("prepare")) {
      Artefact a =
          ArtefactReader.create().readTarGz(new ByteArrayInputStream(OciBench.artefact(1)));
      PluginPusher.create(c).push(a, ref, false, Optional.empty(), ProgressListener.NONE);
      KeyPair key = SigningKeys.generateEcdsaP256();
      new OciSigner(c).sign(ref, key.getPrivate(), Optional.empty(), Map.of());
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("key.pub"), PublicKeys.toPem(key.getPublic()));
      Files.write(
          dir.resolve("manifest.json"),
          c.getManifest(ref.repository(), "1", MediaTypes.ALL_MANIFESTS).bytes());
      return;
    }
    new OciSigner(c).attach(ref, Files.readAllBytes(dir.resolve("keyless/message.json")));
    Files.writeString(
        dir.resolve("key.yaml"),
        "anyOf:\n  signatures:\n    - kind: pubKey\n      key: |\n        "
            + Files.readString(dir.resolve("key.pub")).strip().replace("\n", "\n        ")
            + "\n");
    Files.writeString(
        dir.resolve("keyless.yaml"),
        "anyOf:\n  signatures:\n    - kind: githubAction\n      owner: acme\n      repo: plugins\n"
            + "trust:\n  trustedRoot: keyless/trusted_root.json\n");
    int n = Integer.parseInt(args[3]);
    PullVerifier key = verifier(dir, "key.yaml");
    PullVerifier keyless = verifier(dir, "keyless.yaml");
    Path tmp = Files.createTempDirectory("sign-bench");
    List<Long> plain = new ArrayList<>();
    List<Long> keyed = new ArrayList<>();
    List<Long> sigstore = new ArrayList<>();
    for (int i = 0; i < n + 3; i++) {
      long p = pull(c, ref, tmp.resolve("p" + i), PullVerifier.NONE);
      long k = pull(c, ref, tmp.resolve("k" + i), key);
      long s = pull(c, ref, tmp.resolve("s" + i), keyless);
      if (i >= 3) { // warm-up: JIT, connections
        plain.add(p);
        keyed.add(k);
        sigstore.add(s);
      }
    }
    Digest d =
        c.headManifest(ref.repository(), "1", MediaTypes.ALL_MANIFESTS).orElseThrow().digest();
    Reference pinned = ref.withDigest(d);
    RegistryClient offline = RegistryClient.create(RegistryConfig.builder().build());
    Timings cachedKey = cached(offline, pinned, tmp.resolve("k3"), key, n * 10);
    Timings cachedKeyless = cached(offline, pinned, tmp.resolve("s3"), keyless, n * 10);
    Timings cachedPlain = cached(offline, pinned, tmp.resolve("p3"), PullVerifier.NONE, n * 10);
    System.out.printf(
        Locale.ROOT,
        "pull_ms plain=%.2f key=%.2f keyless=%.2f | cached_pinned_ms plain=%.3f key=%.3f"
            + " keyless=%.3f (p99 key=%.3f keyless=%.3f) cached_requests=%d (medians of %d pulls,"
            + " %d cached)%n",
        median(plain) / 1e6,
        median(keyed) / 1e6,
        median(sigstore) / 1e6,
        median(cachedPlain.wall()) / 1e6,
        median(cachedKey.wall()) / 1e6,
        median(cachedKeyless.wall()) / 1e6,
        percentile(cachedKey.wall(), 0.99) / 1e6,
        percentile(cachedKeyless.wall(), 0.99) / 1e6,
        offline.requestCount(),
        n,
        n * 10);
    // CPU time of the pulling thread: what the work costs, without the waits a loaded machine adds.
    System.out.printf(
        Locale.ROOT,
        "cached_pinned_cpu_ms plain=%.3f key=%.3f keyless=%.3f (p99 key=%.3f keyless=%.3f)%n",
        median(cachedPlain.cpu()) / 1e6,
        median(cachedKey.cpu()) / 1e6,
        median(cachedKeyless.cpu()) / 1e6,
        percentile(cachedKey.cpu(), 0.99) / 1e6,
        percentile(cachedKeyless.cpu(), 0.99) / 1e6);
    try (Stream<Path> s = Files.walk(tmp)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static PullVerifier verifier(Path dir, String policy) throws Exception {
    return OciVerification.fromSettings(Map.of("policy", policy), dir, Clock.systemUTC());
  }

  private static long pull(RegistryClient c, Reference ref, Path cache, PullVerifier v)
      throws Exception {
    long t0 = System.nanoTime();
    PluginPuller.create(c, new OciCache(cache)).pull(ref, PullOptions.defaults().withVerifier(v));
    return System.nanoTime() - t0;
  }

  /** Wall-clock and thread CPU nanoseconds of each cached pull. */
  private record Timings(List<Long> wall, List<Long> cpu) {}

  private static Timings cached(
      RegistryClient offline, Reference pinned, Path cache, PullVerifier v, int rounds)
      throws Exception {
    PluginPuller p = PluginPuller.create(offline, new OciCache(cache));
    PullOptions o = PullOptions.defaults().withVerifier(v);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Timings out = new Timings(new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < rounds; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      if (!p.pull(pinned, o).fromCache()) {
        throw new IllegalStateException("not served from the cache");
      }
      out.wall().add(System.nanoTime() - t0);
      out.cpu().add(threads.getCurrentThreadCpuTime() - c0);
    }
    return out;
  }

  private static double median(List<Long> xs) {
    return percentile(xs, 0.5);
  }

  private static double percentile(List<Long> xs, double p) {
    long[] s = xs.stream().mapToLong(Long::longValue).sorted().toArray();
    return s[(int) Math.min(s.length - 1, Math.floor(p * s.length))];
  }
}
