package dev.airlock.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Bytes to upload, readable more than once (for retries and chunks). */
public interface BlobContent {
  /**
   * Opens the content at an offset.
   *
   * @param offset where to start
   * @return a stream from there
   * @throws IOException when it cannot be read
   */
  InputStream open(long offset) throws IOException;

  /**
   * Content in memory.
   *
   * @param bytes the bytes (not copied)
   * @return the content
   */
  static BlobContent of(byte[] bytes) {
    return new MemoryContent(bytes);
  }

  /**
   * Content in a file.
   *
   * @param file the file
   * @return the content
   */
  static BlobContent of(Path file) {
    return new FileContent(file);
  }
}
