package dev.airlock.cli;

import dev.airlock.artefact.ArtefactReader;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.host.HostEvent;
import dev.airlock.host.PluginHost;
import dev.airlock.trust.ArtefactSigner;
import dev.airlock.trust.Ed25519Keys;
import dev.airlock.trust.TrustRoot;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The last part of the demo: a running host with a watched plugins directory, while files are
 * dropped in, replaced, broken and removed. Every event is printed as it happens.
 */
final class HostDemo {
  private static final String QUERY =
      "{\"query\":\"SELECT * FROM orders\",\"tables\":[\"orders\"],\"read_only\":true}";

  private final PrintWriter out;
  private final Path dir;
  private final Path key;
  private final Path trust;
  private final List<HostEvent> events = new CopyOnWriteArrayList<>();

  HostDemo(PrintWriter out, Path scratch, Path key, Path trust) {
    this.out = out;
    this.dir = scratch.resolve("plugins");
    this.key = key;
    this.trust = trust;
  }

  boolean run() throws Exception {
    deleteTree(dir);
    Files.createDirectories(dir);
    out.println("8. A host watches " + dir + " and serves what an operator drops there.");
    PrivateKey author = Ed25519Keys.readPrivateKey(key);
    try (PluginHost host =
        PluginHost.builder()
            .pluginsDirectory(dir)
            .trustRoot(TrustRoot.load(trust))
            .debounce(Duration.ofMillis(100))
            .build()) {
      host.addListener(
          e -> {
            events.add(e);
            if (e.type() != HostEvent.Type.RESCANNED) {
              out.println("  [event] " + e.plugin() + " " + e.type() + ": " + e.message());
              out.flush();
            }
          });
      host.start();
      byte[] wasm = Files.readAllBytes(dir.getParent().resolve("cost-governor.wasm"));

      out.println("  $ cp cost-governor-1.0.0.tar.gz plugins/");
      place(wasm, "1.0.0", author);
      boolean ok = await(e -> e.type() == HostEvent.Type.LOADED);
      ok &= call(host);

      out.println("  $ cp cost-governor-1.1.0.tar.gz plugins/cost-governor.tar.gz   (replace)");
      place(wasm, "1.1.0", author);
      ok &= await(e -> e.type() == HostEvent.Type.RELOADED);
      ok &= call(host);

      out.println("  $ echo garbage > plugins/cost-governor.tar.gz   (break it)");
      Files.writeString(dir.resolve(".broken.tmp"), "garbage");
      Files.move(
          dir.resolve(".broken.tmp"),
          dir.resolve("cost-governor.tar.gz"),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      ok &= await(e -> e.type() == HostEvent.Type.FAILED);
      ok &= call(host);

      out.println("  $ rm plugins/cost-governor.tar.gz");
      Files.delete(dir.resolve("cost-governor.tar.gz"));
      ok &= await(e -> e.type() == HostEvent.Type.REMOVED);
      ok &= host.plugin("cost-governor").isEmpty();
      out.println("  the plugin is gone: " + host.plugins().size() + " plugins loaded");
      out.println();
      return ok;
    }
  }

  private void place(byte[] wasm, String version, PrivateKey author) throws Exception {
    Manifest m =
        new Manifest(
            Manifest.SCHEMA_VERSION,
            "cost-governor",
            SemanticVersion.parse(version),
            "Blocks unbounded and SELECT * queries",
            "Apache-2.0",
            List.of("pre_query"),
            sha256(wasm),
            java.util.Optional.empty(),
            dev.airlock.artefact.Permissions.NONE,
            java.util.Optional.empty(),
            java.time.Instant.parse("2026-01-01T00:00:00Z"));
    Path tmp = dir.resolve(".cost-governor.tar.gz.part");
    ArtefactSigner.packTo(m, wasm, author, tmp);
    ArtefactReader.create().read(tmp); // a careful operator checks before publishing
    Files.move(
        tmp,
        dir.resolve("cost-governor.tar.gz"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private boolean call(PluginHost host) {
    try {
      var info = host.plugin("cost-governor").orElseThrow();
      String answer =
          new String(
              host.call("cost-governor", "pre_query", QUERY.getBytes(StandardCharsets.UTF_8))
                  .output(),
              StandardCharsets.UTF_8);
      out.println("  pre_query on version " + info.version().orElse("?") + " → " + answer);
      return answer.contains("\"block\"");
    } catch (Exception e) {
      out.println("  call failed: " + e.getMessage());
      return false;
    }
  }

  private boolean await(Predicate<HostEvent> what) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int seen = events.size();
    while (System.nanoTime() < end) {
      if (events.subList(Math.min(seen, events.size()), events.size()).stream().anyMatch(what)) {
        return true;
      }
      Thread.sleep(20);
    }
    out.println("  (no such event within 20 s)");
    return false;
  }

  private static String sha256(byte[] b) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static void deleteTree(Path p) throws java.io.IOException {
    if (Files.exists(p)) {
      try (var files = Files.walk(p)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }
}
