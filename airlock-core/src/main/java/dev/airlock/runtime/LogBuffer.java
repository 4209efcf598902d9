package dev.airlock.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The log lines of one call: capped in bytes, sanitized (control characters and ANSI escapes become
 * visible {@code \\uXXXX} text), with a final note when lines were dropped. Not thread-safe; one
 * per call.
 */
final class LogBuffer {
  private static final int MAX_LINE_CHARS = 4096;

  private final int maxBytes;
  private final List<LogLine> lines = new ArrayList<>();
  private long used;
  private long dropped;

  LogBuffer(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Adds a line; the cap counts the sanitized text as stored, so escapes cannot inflate it. */
  void add(LogLine.Level level, byte[] raw) {
    if (used >= maxBytes) {
      dropped += raw.length;
      return;
    }
    String text = sanitize(new String(raw, 0, Math.min(raw.length, maxBytes), UTF_8));
    byte[] stored = text.getBytes(UTF_8);
    long room = maxBytes - used;
    if (stored.length > room) {
      text = new String(stored, 0, (int) room, UTF_8); // may cut a character: it stays valid text
      stored = text.getBytes(UTF_8);
      dropped += raw.length;
    }
    used += stored.length;
    lines.add(new LogLine(level, text));
  }

  List<LogLine> lines() {
    if (lines.isEmpty() && dropped == 0) {
      return List.of();
    }
    List<LogLine> out = new ArrayList<>(lines);
    if (dropped > 0) {
      out.add(
          new LogLine(
              LogLine.Level.WARN,
              String.format(
                  Locale.ROOT,
                  "[airlock] %d more log bytes dropped: the per-call log cap is %d bytes",
                  dropped,
                  maxBytes)));
    }
    return out;
  }

  /** A stream that turns what a plugin writes to stdout or stderr into lines at {@code level}. */
  OutputStream stream(LogLine.Level level) {
    return new OutputStream() {
      private final ByteArrayOutputStream line = new ByteArrayOutputStream();

      @Override
      public void write(int b) {
        if (b == '\n') {
          flushLine();
        } else if (line.size() < MAX_LINE_CHARS) {
          line.write(b);
        } else {
          dropped++;
        }
      }

      @Override
      public void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
          write(b[i]);
        }
      }

      @Override
      public void flush() {
        if (line.size() > 0) {
          flushLine();
        }
      }

      private void flushLine() {
        add(level, line.toByteArray());
        line.reset();
      }
    };
  }

  static String sanitize(String s) {
    StringBuilder out = new StringBuilder(Math.min(s.length(), MAX_LINE_CHARS) + 16);
    int n = Math.min(s.length(), MAX_LINE_CHARS);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\t'
          || c == 0x7f
          || (c >= 0x80 && c < 0xa0)
          || Character.getType(c) == Character.FORMAT) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (s.length() > n) {
      out.append("…");
    }
    return out.toString();
  }
}
