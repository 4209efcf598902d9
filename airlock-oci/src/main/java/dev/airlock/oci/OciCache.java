package dev.airlock.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The content-addressed cache ({@code $XDG_CACHE_HOME/airlock}, else {@code ~/.cache/airlock}):
 * {@code blobs/sha256/<hex>} for manifests and layers, {@code plugins/<hex><ext>} for the plugin
 * files made from them, and {@code refs/<hex of the reference>.json} mapping a reference to its
 * manifest digest, retrieval time and the verifier that accepted it. Every read re-checks the
 * digest; every write is atomic; a pull stages its files in {@code tmp/} and moves them in only
 * when it succeeded. Safe for one process at a time per directory.
 */
public final class OciCache {
  private final Path root;

  /**
   * A cache rooted at a directory (created when first written).
   *
   * @param root the directory
   */
  public OciCache(Path root) {
    this.root = root;
  }

  /**
   * @return the root directory
   */
  public Path root() {
    return root;
  }

  Path blobPath(Digest d) {
    return root.resolve("blobs").resolve(d.algorithm()).resolve(d.hex());
  }

  Path pluginPath(Digest d, String ext) {
    return root.resolve("plugins").resolve(d.hex() + ext);
  }

  /**
   * Where the signature material a verifier recorded for a manifest is kept: one file per manifest
   * digest and verifier name, beside the blobs. Its content is checked again when replayed.
   */
  Path signaturesPath(Digest manifest, String verifier) {
    String v = Digest.sha256(verifier.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 16);
    return root.resolve("signatures").resolve(manifest.hex() + "-" + v + ".json");
  }

  /**
   * The signature material recorded for a manifest digest by a verifier.
   *
   * @param manifest the manifest digest
   * @param verifier the {@link PullVerifier#name()}
   * @return the material, or empty when none was recorded
   * @throws IOException when it cannot be read
   */
  Optional<byte[]> signatures(Digest manifest, String verifier) throws IOException {
    Path p = signaturesPath(manifest, verifier);
    return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
  }

  /**
   * Records signature material (atomically).
   *
   * @param manifest the manifest digest
   * @param verifier the {@link PullVerifier#name()}
   * @param material the material
   * @throws IOException when it cannot be written
   */
  void putSignatures(Digest manifest, String verifier, byte[] material) throws IOException {
    Path p = signaturesPath(manifest, verifier);
    Files.createDirectories(p.getParent());
    OciFiles.write(p, material); // synced: a torn copy would fail re-verification, not be dropped
  }

  private Path refPath(String ref) {
    return root.resolve("refs")
        .resolve(Digest.sha256(ref.getBytes(StandardCharsets.UTF_8)).hex() + ".json");
  }

  /**
   * A staging directory for one pull, under the cache root.
   *
   * @return a new empty directory
   * @throws IOException when it cannot be made
   */
  Path stage() throws IOException {
    Path tmp = root.resolve("tmp");
    Files.createDirectories(tmp);
    return Files.createTempDirectory(tmp, "pull-");
  }

  /**
   * Whether the cache holds a blob whose bytes still match its digest.
   *
   * @param d the digest
   * @return true when present and intact (a damaged file is removed)
   * @throws IOException when it cannot be read
   */
  boolean hasIntact(Digest d) throws IOException {
    return CacheFiles.intact(blobPath(d), d, null);
  }

  /**
   * The entry for a reference, when its plugin file is present and intact.
   *
   * @param ref the reference string
   * @return the entry
   * @throws IOException when the cache cannot be read
   */
  public Optional<CacheEntry> find(String ref) throws IOException {
    Optional<CacheEntry> e = entry(ref);
    return e.isPresent() && verify(e.get(), null) ? e : Optional.empty();
  }

  /**
   * The entry recorded for a reference, its plugin file not checked yet ({@link #verify}).
   *
   * @param ref the reference string
   * @return the entry
   * @throws IOException when the cache cannot be read
   */
  Optional<CacheEntry> entry(String ref) throws IOException {
    Path p = refPath(ref);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(p);
    } catch (java.nio.file.NoSuchFileException e) {
      return Optional.empty();
    }
    CacheEntry e;
    try {
      e = parse(bytes);
    } catch (RuntimeException | OciException x) {
      Files.deleteIfExists(p); // a damaged entry is dropped, never trusted
      return Optional.empty();
    }
    return e.reference().equals(ref) ? Optional.of(e) : Optional.empty();
  }

  /**
   * Checks an entry's plugin file against its digest in one pass that also copies it to {@code
   * copy} (when given): the file is read once, however it is used. A damaged file is removed.
   *
   * @param e the entry
   * @param copy where the bytes also go, or {@code null}; the caller discards it when this returns
   *     false
   * @return true when the file is present and intact
   * @throws IOException when it cannot be read, or {@code copy} cannot be written
   */
  boolean verify(CacheEntry e, WritableByteChannel copy) throws IOException {
    return CacheFiles.intact(pluginPath(e.plugin(), e.extension()), e.plugin(), copy);
  }

  /**
   * The plugin file of an entry.
   *
   * @param e the entry
   * @return the file
   */
  public Path pluginFile(CacheEntry e) {
    return pluginPath(e.plugin(), e.extension());
  }

  /**
   * Moves staged blobs and the plugin file in, then writes the entries: renames only, nothing is
   * synced (every read re-checks digests and entries, so what a crash tears is dropped, never
   * served), and blobs the cache already holds are left as they are.
   */
  void commit(Path stage, List<CacheEntry> entries) throws IOException {
    for (CacheEntry e : entries) {
      for (Digest d : e.blobs()) {
        Path staged = stage.resolve(d.hex());
        Path target = blobPath(d);
        if (Files.isRegularFile(staged) && !Files.isRegularFile(target)) {
          Files.createDirectories(target.getParent());
          OciFiles.rename(staged, target);
        }
      }
      Path plugin = stage.resolve("plugin" + e.extension());
      if (Files.isRegularFile(plugin)) {
        Path target = pluginPath(e.plugin(), e.extension());
        Files.createDirectories(target.getParent());
        OciFiles.rename(plugin, target);
      }
    }
    for (CacheEntry e : entries) {
      put(e);
    }
  }

  /**
   * Records an entry (atomically).
   *
   * @param e the entry
   * @throws IOException when it cannot be written
   */
  void put(CacheEntry e) throws IOException {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("reference", e.reference());
    n.put("manifestDigest", e.manifestDigest().toString());
    n.put("retrieved", e.retrieved().toString());
    n.put("verifiedBy", e.verifiedBy());
    n.put("plugin", e.plugin().toString());
    n.put("extension", e.extension());
    n.put("kind", e.kind());
    n.put("layout", e.layout());
    e.blobs().forEach(d -> n.withArray("blobs").add(d.toString()));
    OciFiles.writeChecked(refPath(e.reference()), Json.MAPPER.writeValueAsBytes(n));
  }

  /**
   * Every entry.
   *
   * @return the entries, sorted by reference
   * @throws IOException when the cache cannot be read
   */
  public List<CacheEntry> list() throws IOException {
    List<CacheEntry> out = new ArrayList<>();
    Path refs = root.resolve("refs");
    if (!Files.isDirectory(refs)) {
      return out;
    }
    try (Stream<Path> s = Files.list(refs)) {
      for (Path p : s.filter(f -> f.toString().endsWith(".json")).toList()) {
        try {
          out.add(parse(Files.readAllBytes(p)));
        } catch (IOException | RuntimeException | OciException ignored) {
          // a damaged entry is not listed; gc removes it
        }
      }
    }
    out.sort(java.util.Comparator.comparing(CacheEntry::reference));
    return out;
  }

  /**
   * Removes the entries of a reference (its blobs go at the next {@link #gc()}).
   *
   * @param ref the reference string, as {@link #list()} shows it
   * @return true when something was removed
   * @throws IOException when the cache cannot be written
   */
  public boolean remove(String ref) throws IOException {
    return Files.deleteIfExists(refPath(ref));
  }

  /**
   * Removes blobs and plugin files no entry uses, damaged entries and staging left by a crash.
   *
   * @return bytes freed
   * @throws IOException when the cache cannot be read or written
   */
  public long gc() throws IOException {
    Set<Path> keep = new HashSet<>();
    for (CacheEntry e : list()) {
      e.blobs().forEach(d -> keep.add(blobPath(d)));
      keep.add(pluginPath(e.plugin(), e.extension()));
      keep.add(signaturesPath(e.manifestDigest(), e.verifiedBy()));
    }
    long freed = 0;
    for (String dir : List.of("blobs", "plugins", "tmp", "signatures")) {
      Path d = root.resolve(dir);
      if (!Files.isDirectory(d)) {
        continue;
      }
      List<Path> files;
      try (Stream<Path> s = Files.walk(d)) {
        files = s.filter(Files::isRegularFile).toList();
      }
      for (Path f : files) {
        if (!keep.contains(f)) {
          freed += Files.size(f);
          Files.delete(f);
        }
      }
    }
    Path refs = root.resolve("refs");
    if (Files.isDirectory(refs)) {
      Set<String> good = new HashSet<>();
      for (CacheEntry e : list()) {
        good.add(refPath(e.reference()).getFileName().toString());
      }
      try (Stream<Path> s = Files.list(refs)) {
        for (Path f : s.toList()) {
          if (!good.contains(f.getFileName().toString())) {
            freed += Files.size(f);
            Files.delete(f);
          }
        }
      }
    }
    return freed;
  }

  private static CacheEntry parse(byte[] bytes) throws OciException {
    JsonNode n = Json.object(bytes, "cache entry");
    List<Digest> blobs = new ArrayList<>();
    for (JsonNode b : n.path("blobs")) {
      blobs.add(Digest.parse(b.asText()));
    }
    return new CacheEntry(
        n.path("reference").asText(),
        Digest.parse(n.path("manifestDigest").asText()),
        Instant.parse(n.path("retrieved").asText()),
        n.path("verifiedBy").asText(),
        Digest.parse(n.path("plugin").asText()),
        n.path("extension").asText(),
        n.path("kind").asText(),
        n.path("layout").asText(),
        blobs);
  }
}
