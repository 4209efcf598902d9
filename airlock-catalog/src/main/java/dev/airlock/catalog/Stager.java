package dev.airlock.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactException;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.artefact.Manifest;
import dev.airlock.catalog.CatalogException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/** Brings a source into the staging directory and reads it; nothing is placed yet. */
final class Stager {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Fetcher fetcher;
  private final long maxBytes;
  private final Staging staging;
  private final InstallListener listener;

  Stager(Fetcher fetcher, long maxBytes, Staging staging, InstallListener listener) {
    this.fetcher = fetcher;
    this.maxBytes = maxBytes;
    this.staging = staging;
    this.listener = listener;
  }

  Staged registry(Source.Registry r, IndexLoader loader, InstallRecord record)
      throws CatalogException, IOException, ArtefactException {
    String location = Locations.toUri(r.index()).toString();
    LoadedIndex loaded = loader.load(r.index(), record.indexVersion(location));
    IndexEntry e = loaded.index().resolve(r.name(), r.requirement());
    listener.onStep(InstallStep.RESOLVED, e.coordinate());
    URI uri = loaded.artifactUri(e);
    Path download = staging.dir().resolve("download.part");
    FetchResult got = fetcher.fetchTo(uri, download, e.size().orElse(maxBytes));
    if (!got.sha256().equals(e.sha256())) {
      throw new CatalogException(
          Reason.MISMATCH,
          "sha256 mismatch for '" + e.name() + "': index=" + e.sha256() + " actual=" + got.sha256(),
          e.sha256(),
          got.sha256(),
          null);
    }
    ArtefactKind kind = ArtefactKind.detect(download, uri.toString());
    List<Staged.File> files = new ArrayList<>();
    Path primary = staging.dir().resolve(kind.fileName(e.name()));
    if (e.signature().isPresent() && kind != ArtefactKind.TAR_GZ) { // a .tar.gz signs itself
      Path sig = staging.dir().resolve(kind.signatureName(e.name()));
      AtomicWrite.writeSynced(
          sig, (e.signature().get() + "\n").getBytes(StandardCharsets.US_ASCII));
      files.add(new Staged.File(sig, sig.getFileName().toString()));
    }
    if (kind == ArtefactKind.WASM) {
      // The index's name and version become the module's sidecar manifest, so the host sees them.
      Path json = staging.dir().resolve(e.name() + ".json");
      ObjectNode m = JSON.createObjectNode();
      m.put("name", e.name());
      m.put("version", e.version().toString());
      e.description().ifPresent(d -> m.put("description", d));
      AtomicWrite.writeSynced(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
      files.add(new Staged.File(json, json.getFileName().toString()));
    }
    Files.move(download, primary);
    files.add(new Staged.File(primary, primary.getFileName().toString()));
    listener.onStep(InstallStep.FETCHED, uri.toString());
    Artefact a = read(kind, primary);
    Manifest m = a.manifest();
    if (!m.name().equals(e.name()) || m.version().compareTo(e.version()) != 0) {
      throw new CatalogException(
          Reason.MISMATCH,
          "index entry '"
              + e.coordinate()
              + "' points at an artefact of '"
              + m.name()
              + "@"
              + m.version()
              + "' (mix-and-match); refusing it",
          e.coordinate(),
          m.name() + "@" + m.version(),
          null);
    }
    if (kind == ArtefactKind.TAR_GZ && e.signature().isPresent()) {
      String carried = a.signature().map(s -> Base64.getEncoder().encodeToString(s)).orElse("");
      if (!carried.equals(e.signature().get().strip())) {
        throw new CatalogException(
            Reason.MISMATCH,
            "index entry '"
                + e.coordinate()
                + "' declares a signature that its artefact does not carry"
                + (carried.isEmpty() ? " (the artefact is unsigned)" : ""),
            e.signature().get(),
            carried,
            null);
      }
    }
    return new Staged(
        a,
        files,
        got.sha256(),
        e.coordinate() + " from " + location,
        Optional.of(location),
        loaded.signer().isPresent() ? loaded.index().indexVersion() : OptionalLong.empty());
  }

  Staged local(Path file) throws CatalogException, IOException, ArtefactException {
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such plugin file");
    }
    String fileName = file.getFileName().toString();
    Path download = staging.dir().resolve(fileName);
    // An operator's own file: copied directly, whatever schemes the fetcher allows remotely.
    FetchResult got = Fetcher.copyTo(file, download, maxBytes);
    ArtefactKind kind = ArtefactKind.detect(download, file.toString());
    Map<String, Path> sidecars = new TreeMap<>();
    String stem = stem(fileName, kind);
    Path sig =
        kind == ArtefactKind.ZIP
            ? file.resolveSibling(fileName + ".sig")
            : file.resolveSibling(stem + ".sig");
    if (kind != ArtefactKind.TAR_GZ && Files.isRegularFile(sig)) {
      sidecars.put("sig", sig);
    }
    if (kind == ArtefactKind.WASM) {
      for (String ext : SIDECAR_EXTENSIONS) {
        Path p = file.resolveSibling(stem + ext);
        if (Files.isRegularFile(p)) {
          sidecars.put(ext, p);
        }
      }
    }
    List<Path> staged = new ArrayList<>();
    for (Path p : sidecars.values()) {
      Path s = staging.dir().resolve(p.getFileName().toString());
      Fetcher.copyTo(p, s, MAX_SIDECAR);
      staged.add(s);
    }
    listener.onStep(InstallStep.FETCHED, file.toString());
    return finish(kind, download, staged, got.sha256(), file.toString());
  }

  Staged url(URI uri) throws CatalogException, IOException, ArtefactException {
    String fileName = Locations.fileName(uri);
    Path download = staging.dir().resolve("download.part");
    FetchResult got = fetcher.fetchTo(uri, download, maxBytes);
    ArtefactKind kind = ArtefactKind.detect(download, uri.toString());
    String stem = stem(fileName, kind);
    if (kind == ArtefactKind.WASM) {
      checkStem(stem, uri);
    }
    Path primary = staging.dir().resolve(kind == ArtefactKind.WASM ? stem + ".wasm" : fileName);
    if (kind != ArtefactKind.WASM && !ok(fileName)) {
      primary = staging.dir().resolve("download" + (kind == ArtefactKind.ZIP ? ".zip" : ".tar.gz"));
    }
    Files.move(download, primary);
    List<Path> staged = new ArrayList<>();
    if (kind != ArtefactKind.TAR_GZ) {
      String sigName = kind == ArtefactKind.ZIP ? primary.getFileName() + ".sig" : stem + ".sig";
      URI sigUri = uri.resolve(kind == ArtefactKind.ZIP ? fileName + ".sig" : stem + ".sig");
      Optional<byte[]> sig = fetcher.fetchIfPresent(sigUri, 4096);
      if (sig.isPresent()) {
        Path s = staging.dir().resolve(sigName);
        AtomicWrite.writeSynced(s, sig.get());
        staged.add(s);
      }
    }
    if (kind == ArtefactKind.WASM) {
      // The manifest a bare module may have beside it (as in a plugins directory): without one it
      // is installed as version 0.0.0 with no hooks named.
      for (String ext : SIDECAR_EXTENSIONS) {
        Optional<byte[]> m = fetcher.fetchIfPresent(uri.resolve(stem + ext), MAX_SIDECAR);
        if (m.isPresent()) {
          Path s = staging.dir().resolve(stem + ext);
          AtomicWrite.writeSynced(s, m.get());
          staged.add(s);
        }
      }
    }
    listener.onStep(InstallStep.FETCHED, uri.toString());
    return finish(kind, primary, staged, got.sha256(), uri.toString());
  }

  private static final List<String> SIDECAR_EXTENSIONS = List.of(".json", ".yaml", ".yml", ".toml");
  private static final int MAX_SIDECAR = 1 << 20;

  Staged git(Source.Git g) throws CatalogException, IOException, ArtefactException {
    GitCheckout.check(g.repository(), g.ref(), fetcher.schemes());
    Path clone = staging.dir().resolve("clone");
    String commit = GitCheckout.cloneAt(g.repository(), g.ref(), clone, maxBytes, fetcher.forGit());
    TreeMap<String, Path> files = GitCheckout.collect(clone, g.repository());
    Artefact zipped = ArtefactReader.create().readZip(GitCheckout.zip(files), null);
    Manifest m = zipped.manifest();
    byte[] wasm = new byte[zipped.wasmSize()];
    zipped.wasm().duplicate().get(wasm);
    String wasmSha = Sha256.hex(wasm);
    Path sigInRepo = null;
    for (var e : files.entrySet()) {
      if (e.getKey().endsWith(".wasm")
          && Sha256.hex(Files.readAllBytes(e.getValue())).equals(wasmSha)) {
        String rel = e.getKey();
        String base = rel.substring(0, rel.length() - ".wasm".length());
        sigInRepo = files.getOrDefault(rel + ".sig", files.get(base + ".sig"));
      }
    }
    List<Path> staged = new ArrayList<>();
    if (sigInRepo != null) {
      Path s = staging.dir().resolve(m.name() + ".sig");
      Files.copy(sigInRepo, s);
      staged.add(s);
    }
    Path json = staging.dir().resolve(m.name() + ".json");
    ObjectNode n = JSON.createObjectNode();
    n.put("name", m.name());
    n.put("version", m.version().toString());
    if (!m.description().isEmpty()) {
      n.put("description", m.description());
    }
    if (!m.hooks().isEmpty()) {
      m.hooks().forEach(n.putArray("hooks")::add);
    }
    m.abi().ifPresent(abi -> n.put("abi", abi.id()));
    AtomicWrite.writeSynced(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    staged.add(json);
    Path primary = staging.dir().resolve(m.name() + ".wasm");
    AtomicWrite.writeSynced(primary, wasm);
    Staging.deleteTree(clone);
    listener.onStep(InstallStep.FETCHED, g.repository() + "#" + g.ref() + " (" + commit + ")");
    return finish(
        ArtefactKind.WASM, primary, staged, wasmSha, "git+" + g.repository() + "#" + g.ref());
  }

  /** Reads the staged plugin and names the files after the plugin. */
  private Staged finish(
      ArtefactKind kind, Path primary, List<Path> sidecars, String sha, String source)
      throws CatalogException, IOException, ArtefactException {
    Artefact a = read(kind, primary);
    String name = a.manifest().name();
    List<Staged.File> files = new ArrayList<>();
    for (Path s : sidecars) {
      String n = s.getFileName().toString();
      String finalName =
          n.endsWith(".sig") ? kind.signatureName(name) : name + n.substring(n.lastIndexOf('.'));
      files.add(new Staged.File(s, finalName));
    }
    files.add(new Staged.File(primary, kind.fileName(name)));
    return new Staged(a, files, sha, source, Optional.empty(), OptionalLong.empty());
  }

  private static Artefact read(ArtefactKind kind, Path primary)
      throws ArtefactException, IOException {
    ArtefactReader reader = ArtefactReader.create();
    return switch (kind) {
      case WASM -> reader.readBareWasm(primary, null);
      case ZIP -> reader.readZip(primary, null);
      case TAR_GZ -> {
        try (InputStream in = Files.newInputStream(primary)) {
          yield reader.readTarGz(in);
        }
      }
    };
  }

  private static String stem(String fileName, ArtefactKind kind) {
    String lower = fileName.toLowerCase(java.util.Locale.ROOT);
    for (String ext : List.of(".tar.gz", ".tgz", ".zip", ".wasm")) {
      if (lower.endsWith(ext)) {
        return fileName.substring(0, fileName.length() - ext.length());
      }
    }
    return fileName;
  }

  private static boolean ok(String fileName) {
    return fileName.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
  }

  private static void checkStem(String stem, URI uri) throws CatalogException {
    try {
      Manifest.checkName(stem);
    } catch (IllegalArgumentException e) {
      throw new CatalogException(
          Reason.BAD_SOURCE,
          "cannot tell the plugin's name from "
              + uri
              + ": a bare module's file name must be"
              + " NAME.wasm ("
              + e.getMessage()
              + ")");
    }
  }
}
