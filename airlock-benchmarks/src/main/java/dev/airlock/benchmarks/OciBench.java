package dev.airlock.benchmarks;

import dev.airlock.artefact.Abi;
import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.artefact.ArtefactWriter;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.oci.Digest;
import dev.airlock.oci.MediaTypes;
import dev.airlock.oci.OciCache;
import dev.airlock.oci.PluginPuller;
import dev.airlock.oci.PluginPusher;
import dev.airlock.oci.ProgressListener;
import dev.airlock.oci.PullOptions;
import dev.airlock.oci.Reference;
import dev.airlock.oci.RegistryClient;
import dev.airlock.oci.RegistryConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Registry push/pull timings in one JVM (what a host embedding the library sees), and the inputs
 * the skopeo comparison needs. Run by run-oci-bench.sh against a local docker-registry.
 *
 * <pre>
 * OciBench artefact SIZE_MIB FILE   a fresh unsigned .tar.gz whose module is SIZE_MIB (unique)
 * OciBench layout SIZE_MIB DIR      a fresh OCI layout (CNCF wasm artifact) for skopeo to push
 * OciBench run HOST SIZE_MIB N      push, pull (empty cache) and cached digest-pinned pull
 * </pre>
 */
public final class OciBench {
  private static final SecureRandom RANDOM = new SecureRandom();

  private OciBench() {}

  /**
   * Entry point.
   *
   * @param args see the class comment
   * @throws Exception on failure
   */
  public static void main(String[] args) throws Exception {
    switch (args.length > 0 ? args[0] : "") {
      case "artefact" -> Files.write(Path.of(args[2]), artefact(Integer.parseInt(args[1])));
      case "layout" -> layout(Integer.parseInt(args[1]), Path.of(args[2]));
      case "run" -> run(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      default -> {
        System.err.println("usage: OciBench artefact|layout|run …");
        System.exit(2);
      }
    }
  }

  /**
   * The echo example plus a custom section of random bytes: a valid module of about size MiB; for
   * 0, the echo example as built (a plugin of ordinary size).
   */
  static byte[] wasm(int mib) throws IOException {
    byte[] echo;
    try (InputStream in =
        OciBench.class.getClassLoader().getResourceAsStream("dev/airlock/examples/echo.wasm")) {
      echo = in.readAllBytes();
    }
    if (mib == 0) {
      return echo;
    }
    byte[] pad = new byte[mib * 1024 * 1024 - echo.length - 16];
    RANDOM.nextBytes(pad);
    byte[] name = "pad".getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream(mib * 1024 * 1024);
    out.write(echo);
    out.write(0);
    leb(out, 1 + name.length + pad.length);
    leb(out, name.length);
    out.write(name);
    out.write(pad);
    return out.toByteArray();
  }

  private static void leb(ByteArrayOutputStream out, long v) {
    do {
      int b = (int) (v & 0x7f);
      v >>>= 7;
      out.write(v != 0 ? b | 0x80 : b);
    } while (v != 0);
  }

  static byte[] artefact(int mib) throws IOException {
    byte[] wasm = wasm(mib);
    Manifest m =
        new Manifest(
            Manifest.SCHEMA_VERSION,
            "bench",
            SemanticVersion.parse("1.0.0"),
            "",
            "",
            List.of("echo"),
            Digest.sha256(wasm).hex(),
            Optional.of(Abi.RAW),
            Permissions.NONE,
            Optional.empty(),
            Instant.parse("2026-01-01T00:00:00Z"));
    return ArtefactWriter.toBytes(m, wasm, null);
  }

  static void layout(int mib, Path dir) throws IOException {
    byte[] wasm = wasm(mib);
    byte[] config =
        "{\"architecture\":\"wasm\",\"os\":\"wasip1\"}".getBytes(StandardCharsets.UTF_8);
    String manifest =
        "{\"schemaVersion\":2,\"mediaType\":\""
            + MediaTypes.OCI_MANIFEST
            + "\",\"config\":"
            + desc(MediaTypes.WASM_CONFIG_V0, config)
            + ",\"layers\":["
            + desc(MediaTypes.WASM, wasm)
            + "]}";
    byte[] mb = manifest.getBytes(StandardCharsets.UTF_8);
    Path blobs = Files.createDirectories(dir.resolve("blobs/sha256"));
    Files.write(blobs.resolve(Digest.sha256(config).hex()), config);
    Files.write(blobs.resolve(Digest.sha256(wasm).hex()), wasm);
    Files.write(blobs.resolve(Digest.sha256(mb).hex()), mb);
    Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    Files.writeString(
        dir.resolve("index.json"),
        "{\"schemaVersion\":2,\"manifests\":["
            + desc(MediaTypes.OCI_MANIFEST, mb)
                .replace("}", ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"1\"}}")
            + "]}");
  }

  private static String desc(String type, byte[] b) {
    return "{\"mediaType\":\""
        + type
        + "\",\"digest\":\""
        + Digest.sha256(b)
        + "\",\"size\":"
        + b.length
        + "}";
  }

  static void run(String host, int mib, int n) throws Exception {
    RegistryClient client = RegistryClient.create(RegistryConfig.builder().build());
    Path tmp = Files.createTempDirectory("oci-bench");
    List<Long> push = new ArrayList<>();
    List<Long> pull = new ArrayList<>();
    Reference last = null;
    long moduleBytes = 0;
    // All pushes in a row, then all pulls, as hyperfine times skopeo: a pull right after each
    // push would leave its 50 MiB of cache writes to the page cache's writeback during the next
    // push.
    List<Reference> pushed = new ArrayList<>();
    for (int i = 0; i < n + 2; i++) {
      Artefact a = ArtefactReader.create().readTarGz(new ByteArrayInputStream(artefact(mib)));
      moduleBytes = a.wasm().remaining();
      Reference ref = Reference.parse(host + "/bench/lib-" + mib + "-" + i + ":1");
      long t0 = System.nanoTime();
      Digest d =
          PluginPusher.create(client).push(a, ref, false, Optional.empty(), ProgressListener.NONE);
      long t1 = System.nanoTime();
      if (i >= 2) { // two warm-up rounds: JIT, connections
        push.add(t1 - t0);
      }
      pushed.add(ref);
      last = ref.withDigest(d);
    }
    for (int i = 0; i < pushed.size(); i++) {
      Path cache = tmp.resolve("cache-" + i);
      long t1 = System.nanoTime();
      PluginPuller.create(client, new OciCache(cache)).pull(pushed.get(i), PullOptions.defaults());
      long t2 = System.nanoTime();
      if (i >= 2) {
        pull.add(t2 - t1);
      }
      delete(cache);
    }
    PluginPuller warm = PluginPuller.create(client, new OciCache(tmp.resolve("warm")));
    warm.pull(last, PullOptions.defaults());
    long before = client.requestCount();
    List<Long> cached = new ArrayList<>();
    int rounds = mib == 0 ? 1000 : Math.max(20, 1000 / mib);
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      warm.pull(last, PullOptions.defaults());
      cached.add(System.nanoTime() - t0);
    }
    long requests = client.requestCount() - before;
    // The floor under a cached pull: SHA-256 of the same number of bytes already in memory.
    byte[] plain = new byte[(int) Files.size(warm.pull(last, PullOptions.defaults()).file())];
    List<Long> sha = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      java.security.MessageDigest.getInstance("SHA-256").digest(plain);
      sha.add(System.nanoTime() - t0);
    }
    System.out.printf(
        Locale.ROOT,
        "size=%dMiB (module %d bytes) push_median_ms=%.1f pull_median_ms=%.1f cached_pinned_pull_median_ms=%.3f"
            + " cached_p99_ms=%.3f cached_requests=%d (%d pulls)"
            + " sha256_in_memory_median_ms=%.3f (%.0f MB/s)%n",
        mib,
        moduleBytes,
        median(push) / 1e6,
        median(pull) / 1e6,
        median(cached) / 1e6,
        percentile(cached, 0.99) / 1e6,
        requests,
        rounds,
        median(sha) / 1e6,
        plain.length / (median(sha) / 1e9) / 1e6);
    delete(tmp);
  }

  private static double median(List<Long> xs) {
    return percentile(xs, 0.5);
  }

  private static double percentile(List<Long> xs, double p) {
    long[] s = xs.stream().mapToLong(Long::longValue).sorted().toArray();
    return s[(int) Math.min(s.length - 1, Math.floor(p * s.length))];
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
