package dev.airlock.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A file, uploaded straight from the file when it goes in one request. */
record FileContent(Path file) implements BlobContent {
  @Override
  public InputStream open(long offset) throws IOException {
    InputStream in = Files.newInputStream(file);
    in.skipNBytes(offset);
    return in;
  }
}
