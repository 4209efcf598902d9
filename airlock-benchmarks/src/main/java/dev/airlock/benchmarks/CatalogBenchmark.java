package dev.airlock.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.Permissions;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.catalog.Fetcher;
import dev.airlock.catalog.Index;
import dev.airlock.catalog.IndexEntry;
import dev.airlock.catalog.InstallReport;
import dev.airlock.catalog.Installer;
import dev.airlock.catalog.Source;
import dev.airlock.catalog.VersionRequirement;
import dev.airlock.trust.ArtefactSigner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The catalog's two targets, in one JMH run so the peer runs on the same machine at the same time:
 *
 * <ul>
 *   <li>{@link #install5MiB}: {@code Installer.install} of a 5 MiB {@code .tar.gz} from a loopback
 *       HTTP server (fetch with streaming SHA-256, fsync, read and check the artefact, rename,
 *       record), against {@link #curlAndSha256sum}: {@code curl -s -o FILE URL && sha256sum FILE}
 *       of the same file from the same server, as one {@code sh -c} process per operation;
 *   <li>{@link #resolve}: picking the highest matching version of one name in a 10,000-entry index
 *       already loaded, and {@link #parseIndex} for loading it.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CatalogBenchmark {
  private HttpServer server;
  private Path root;
  private Path plugins;
  private Path curlOut;
  private URI artefactUrl;
  private Installer installer;
  private Index index;
  private byte[] indexBytes;
  private final VersionRequirement caret = VersionRequirement.parse("^1.2");

  /** Starts the server, packs the artefact and builds the index. */
  @Setup(Level.Trial)
  public void setUp() throws Exception {
    root = Files.createTempDirectory("catalog-bench");
    plugins = root.resolve("plugins");
    curlOut = root.resolve("curl.out");
    Path artefact = root.resolve("big-1.0.0.tar.gz");
    ArtefactSigner.packTo(manifest(padded(5 << 20)), padded(5 << 20), null, artefact);
    byte[] bytes = Files.readAllBytes(artefact);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/big.tar.gz",
        x -> {
          try (x) {
            x.sendResponseHeaders(200, bytes.length);
            x.getResponseBody().write(bytes);
          }
        });
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    artefactUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/big.tar.gz");
    installer = Installer.builder().fetcher(Fetcher.create()).allowDowngrade(true).build();
    List<IndexEntry> entries = new ArrayList<>();
    for (int n = 0; n < 2000; n++) {
      for (String v : List.of("0.9.0", "1.0.0", "1.2.3", "1.10.0", "2.0.0-rc.1")) {
        entries.add(
            new IndexEntry(
                "plugin-" + n,
                SemanticVersion.parse(v),
                Optional.of("plugin number " + n),
                "plugin-" + n + "-" + v + ".tar.gz",
                sha("plugin-" + n + v),
                Optional.empty(),
                OptionalLong.of(1234)));
      }
    }
    indexBytes = new Index(OptionalLong.of(1), Optional.empty(), entries).toJson();
    index = Index.parse(indexBytes, "bench");
  }

  /** Stops the server and removes the files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    server.stop(0);
    try (var s = Files.walk(root)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A full install of the 5 MiB artefact. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public InstallReport install5MiB() throws Exception {
    return installer.install(new Source.Url(artefactUrl), plugins);
  }

  /** The peer: curl to a file, then sha256sum, in one shell process. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int curlAndSha256sum() throws Exception {
    Process p =
        new ProcessBuilder(
                "sh",
                "-c",
                "curl -s -o \"$1\" \"$2\" && sha256sum \"$1\" >/dev/null",
                "sh",
                curlOut.toString(),
                artefactUrl.toString())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    int code = p.waitFor();
    if (code != 0) {
      throw new IllegalStateException("curl/sha256sum failed: " + code);
    }
    return code;
  }

  /** Highest release of one name among 10,000 entries. */
  @Benchmark
  public IndexEntry resolve() throws Exception {
    return index.resolve("plugin-1234", VersionRequirement.any());
  }

  /** Highest version matching ^1.2. */
  @Benchmark
  public IndexEntry resolveRange() throws Exception {
    return index.resolve("plugin-1234", caret);
  }

  /** Loading (parsing and checking) the 10,000-entry index. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public Index parseIndex() throws Exception {
    return Index.parse(indexBytes, "bench");
  }

  private static Manifest manifest(byte[] wasm) throws Exception {
    return new Manifest(
        Manifest.SCHEMA_VERSION,
        "big",
        SemanticVersion.parse("1.0.0"),
        "",
        "",
        List.of("run"),
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wasm)),
        Optional.empty(),
        Permissions.NONE,
        Optional.empty(),
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  private static String sha(String s) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /**
   * The smallest valid module plus a custom section of incompressible bytes, {@code total} long.
   */
  static byte[] padded(int total) {
    byte[] payload = new byte[total - 16];
    new Random(1).nextBytes(payload);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    out.write(0);
    int size = payload.length + 2;
    do {
      int b = size & 0x7f;
      size >>>= 7;
      out.write(size != 0 ? b | 0x80 : b);
    } while (size != 0);
    out.writeBytes(new byte[] {1, 'x'});
    out.writeBytes(payload);
    return out.toByteArray();
  }
}
