package dev.airlock.catalog;

import dev.airlock.catalog.CatalogException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Clones a git source with JGit (no git binary, no hooks, no submodules, no {@code ext::}
 * transport) and gathers the files a plugin zip may hold, refusing links that leave the clone.
 */
final class GitCheckout {
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern ZIP_ROLE =
      Pattern.compile(
          "plugin\\.toml|[^/]+\\.wasm|[^/]+\\.sig|(?:README|LICEN[CS]E|COPYING|NOTICE|CHANGELOG|AUTHORS)"
              + "(?:[-._][A-Za-z0-9]+)*|target/wasm32-wasi(?:p1|p2)?/release/[^/]+\\.wasm"
              + "|(?:out|dist)/plugin\\.wasm");

  private GitCheckout() {}

  /** Refuses refs and URLs git could read as options or odd transports. */
  static void check(URI repo, String ref, java.util.Set<String> schemes) throws CatalogException {
    String url = repo.toString();
    String scheme = Locations.scheme(repo);
    String host = repo.getHost() != null ? repo.getHost() : String.valueOf(repo.getRawAuthority());
    if (url.startsWith("-") || url.contains("::") || scheme.equals("ext") || host.startsWith("-")) {
      throw bad("git URL '" + url + "' is refused: it could be read as an option or a transport");
    }
    if (!(scheme.equals("https") || scheme.equals("file") && schemes.contains("file"))) {
      throw bad("git URL '" + url + "' is refused: only git+https:// repositories are cloned");
    }
    if (ref.startsWith("-") || !REF.matcher(ref).matches() || ref.contains("..")) {
      throw bad(
          "git ref '"
              + ref
              + "' is refused: a ref is a branch, tag or commit made of letters, digits, '.', '_',"
              + " '/' and '-', not starting with '-'");
    }
  }

  /**
   * Clones {@code repo} at {@code ref} into {@code dir} (shallow unless ref is a commit id), over
   * https with the fetch rules of {@code http}.
   */
  static String cloneAt(URI repo, String ref, Path dir, long maxBytes, GitHttp http)
      throws CatalogException {
    boolean commit = SHA.matcher(ref).matches();
    CloneSizeCap cap = new CloneSizeCap(dir, maxBytes);
    org.eclipse.jgit.api.CloneCommand clone =
        Git.cloneRepository()
            .setURI(repo.toString())
            .setDirectory(dir.toFile())
            .setCloneSubmodules(false)
            .setProgressMonitor(cap)
            .setTransportConfigCallback(http)
            .setNoCheckout(commit);
    if (!commit) {
      clone.setBranch(ref).setDepth(1); // a commit id cannot be fetched shallow from every server
    }
    try (Git git = clone.call()) {
      if (commit) {
        git.checkout().setName(ref).call();
      }
      cap.finalCheck();
      if (cap.exceeded()) {
        throw tooLarge(repo, maxBytes);
      }
      ObjectId head = git.getRepository().resolve("HEAD");
      return head == null ? "" : head.name();
    } catch (GitAPIException | IOException | org.eclipse.jgit.api.errors.JGitInternalException e) {
      throw new CatalogException(
          Reason.GIT,
          cap.exceeded()
              ? tooLarge(repo, maxBytes).getMessage()
              : "cannot clone " + repo + " at '" + ref + "': " + why(e, http),
          null,
          null,
          e);
    } catch (IllegalArgumentException e) {
      throw bad("cannot clone " + repo + " at '" + ref + "': " + e.getMessage());
    }
  }

  /** The files a plugin zip may hold, by path relative to the clone; links leaving it refused. */
  static TreeMap<String, Path> collect(Path clone, URI repo) throws CatalogException, IOException {
    if (Files.exists(clone.resolve(".gitmodules"), LinkOption.NOFOLLOW_LINKS)) {
      throw new CatalogException(
          Reason.GIT,
          "git source "
              + repo
              + " has submodules (.gitmodules); they are never fetched: put the plugin's"
              + " plugin.toml and module in the repository itself");
    }
    Path root = clone.toRealPath();
    TreeMap<String, Path> out = new TreeMap<>();
    List<String> escaping = new ArrayList<>();
    Files.walkFileTree(
        clone,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
            return d.getFileName().toString().equals(".git") && !d.equals(clone)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            String rel = clone.relativize(f).toString().replace('\\', '/');
            if (a.isSymbolicLink()) {
              Path target = f.getParent().resolve(Files.readSymbolicLink(f)).normalize();
              if (!target.toAbsolutePath().startsWith(root) && !target.startsWith(clone)) {
                escaping.add(rel + " -> " + Files.readSymbolicLink(f));
              }
              return FileVisitResult.CONTINUE; // never read through a link
            }
            if (a.isRegularFile() && ZIP_ROLE.matcher(rel).matches()) {
              out.put(rel, f);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    if (!escaping.isEmpty()) {
      throw new CatalogException(
          Reason.GIT,
          "git source "
              + repo
              + " holds a symbolic link that leaves the repository ("
              + String.join(", ", escaping)
              + "); refusing it");
    }
    if (!out.containsKey("plugin.toml")) {
      throw new CatalogException(
          Reason.GIT, "git source " + repo + " has no plugin.toml at its root");
    }
    return out;
  }

  /** A zip of the collected files (signatures left out), for the core zip reader to check. */
  static byte[] zip(TreeMap<String, Path> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(bytes)) {
      for (var e : files.entrySet()) {
        if (e.getKey().toLowerCase(Locale.ROOT).endsWith(".sig")) {
          continue;
        }
        ZipEntry entry = new ZipEntry(e.getKey());
        entry.setTime(0);
        z.putNextEntry(entry);
        z.write(Files.readAllBytes(e.getValue()));
        z.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** The refused redirect, an untrusted certificate, or JGit's own message. */
  private static String why(Exception e, GitHttp http) {
    if (http.refusal().isPresent()) {
      return http.refusal().get();
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLHandshakeException) {
        return "TLS handshake failed ("
            + t.getMessage()
            + "): the server's certificate is not trusted by the system trust store or the CA"
            + " file, or does not name this host; give the CA that signed it as the CA file";
      }
    }
    return e.getMessage();
  }

  private static CatalogException tooLarge(URI repo, long maxBytes) {
    return new CatalogException(
        Reason.GIT,
        "git source " + repo + " is larger than " + maxBytes + " bytes on disk; stopped",
        String.valueOf(maxBytes),
        null,
        null);
  }

  private static CatalogException bad(String message) {
    return new CatalogException(Reason.BAD_SOURCE, message);
  }
}
