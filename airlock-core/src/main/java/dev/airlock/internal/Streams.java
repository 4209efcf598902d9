package dev.airlock.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Stream helpers. */
public final class Streams {
  private Streams() {}

  /**
   * Wraps {@code out} so that closing the wrapper only flushes: lets a writer close its own stream
   * (a gzip or deflate stream, say) without closing the file or channel underneath.
   *
   * @param out the stream to protect
   * @return a stream whose {@code close()} flushes and leaves {@code out} open
   */
  public static OutputStream nonClosing(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }
}
