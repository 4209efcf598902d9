package dev.airlock.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Plugin files by the SHA-256 of their bytes, under {@code blobs/sha256/<hex>}. A blob is written
 * to a temporary name, flushed and renamed, so a blob that exists is whole. Which blobs are still
 * needed is the database's business: {@link #retainOnly} removes the rest.
 */
final class BlobStore {
  private final Path root;

  BlobStore(Path root) throws IOException {
    this.root = Files.createDirectories(root.resolve("sha256"));
  }

  /**
   * Moves a staged file into the store.
   *
   * @return the hex digest, and whether the blob was there already
   */
  Put put(Path staged) throws IOException {
    String hex = sha256(staged);
    Path target = path(hex);
    if (Files.exists(target)) {
      Files.delete(staged);
      return new Put(hex, true);
    }
    try (var ch =
        java.nio.channels.FileChannel.open(staged, java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Path tmp = root.resolve("." + hex + ".part");
    Files.move(staged, tmp, StandardCopyOption.REPLACE_EXISTING);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target);
    }
    return new Put(hex, false);
  }

  /** A stored blob. */
  record Put(String digest, boolean existed) {}

  Path path(String hex) {
    if (!hex.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a sha256 hex digest: '" + hex + "'");
    }
    return root.resolve(hex);
  }

  boolean contains(String hex) {
    return Files.exists(path(hex));
  }

  /** Every digest stored. */
  List<String> digests() throws IOException {
    List<String> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(root)) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.matches("[0-9a-f]{64}"))
          .forEach(all::add);
    }
    return all;
  }

  /**
   * Deletes every blob not in {@code needed}, and leftovers of interrupted writes.
   *
   * @return the digests deleted
   */
  List<String> retainOnly(Set<String> needed) throws IOException {
    List<String> deleted = new ArrayList<>();
    try (Stream<Path> files = Files.list(root)) {
      for (Path p : files.toList()) {
        String n = p.getFileName().toString();
        if (!needed.contains(n)) {
          Files.deleteIfExists(p);
          deleted.add(n);
        }
      }
    }
    return deleted;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[65536];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
