package dev.airlock.cli;

import dev.airlock.Units;
import dev.airlock.oci.ProgressEvent;
import dev.airlock.oci.ProgressListener;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Draws progress events: a one-line bar redrawn in place on a terminal, plain lines otherwise (one
 * per phase, and per 25% of a transfer), or one JSON object per line with {@code --json}.
 */
final class ProgressPrinter implements ProgressListener {
  enum Style {
    BAR,
    LINES,
    JSON
  }

  private final PrintWriter out;
  private final Style style;
  private ProgressEvent.Phase last;
  private long lastQuarter = -1;

  ProgressPrinter(PrintWriter out, Style style) {
    this.out = out;
    this.style = style;
  }

  static Style style(boolean json) {
    return json ? Style.JSON : System.console() != null ? Style.BAR : Style.LINES;
  }

  @Override
  public void onEvent(ProgressEvent e) {
    switch (style) {
      case JSON -> json(e);
      case BAR -> bar(e);
      case LINES -> line(e);
    }
    out.flush();
  }

  private void json(ProgressEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("phase", e.phase().label());
    m.put("reference", e.reference());
    if (e.total() > 0 || e.bytes() > 0) {
      m.put("bytes", e.bytes());
      m.put("total", e.total());
    }
    if (!e.message().isEmpty()) {
      m.put("message", e.message());
    }
    try {
      out.println(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m));
    } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
      throw new IllegalStateException("cannot render a progress event", x);
    }
  }

  private void bar(ProgressEvent e) {
    boolean transfer = e.total() > 0;
    if (!transfer) {
      if (last != null && isTransfer(last)) {
        out.println();
      }
      out.println(text(e));
      last = e.phase();
      return;
    }
    int width = 30;
    int filled = (int) Math.min(width, e.bytes() * width / Math.max(1, e.total()));
    out.print(
        "\r"
            + e.phase().label()
            + " ["
            + "#".repeat(filled)
            + " ".repeat(width - filled)
            + "] "
            + Units.formatSize(e.bytes())
            + " / "
            + Units.formatSize(e.total()));
    last = e.phase();
  }

  private static boolean isTransfer(ProgressEvent.Phase p) {
    return p == ProgressEvent.Phase.DOWNLOADING || p == ProgressEvent.Phase.UPLOADING;
  }

  private void line(ProgressEvent e) {
    if (e.total() > 0) {
      long quarter = e.bytes() * 4 / e.total();
      if (e.phase() == last && quarter == lastQuarter) {
        return;
      }
      lastQuarter = quarter;
    } else if (e.phase() == last && e.message().isEmpty()) {
      return;
    }
    last = e.phase();
    out.println(text(e));
  }

  private static String text(ProgressEvent e) {
    String head =
        e.phase() == ProgressEvent.Phase.FAILED ? "failed: " + e.message() : e.phase().label();
    if (e.total() > 0) {
      return head + " " + Units.formatSize(e.bytes()) + " / " + Units.formatSize(e.total());
    }
    return e.phase() == ProgressEvent.Phase.FAILED || e.message().isEmpty()
        ? head
        : head + " " + e.message();
  }
}
