package dev.airlock.oci;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** Bytes in memory, uploaded from the array itself (no stream in between). */
record MemoryContent(byte[] bytes) implements BlobContent {
  @Override
  public InputStream open(long offset) {
    return new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset);
  }
}
