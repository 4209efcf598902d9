package dev.airlock.server;

import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;

/**
 * Masks credentials in log records before a handler writes them: the value of an {@code
 * Authorization} header (whatever its scheme) and any Airlock token secret ({@code alk_…}).
 *
 * <p>Our own code never logs a token. Libraries may: Jetty's DEBUG log prints request headers, so
 * an operator who turns it on to chase a connection problem would otherwise find every bearer token
 * in the log. The filter sits on the handlers of the root logger, where every record ends up, and
 * runs only for records the handler's level already lets through, so at the default levels it costs
 * nothing.
 */
final class SecretRedaction implements Filter {
  // "Authorization: Bearer x", "authorization=Basic x" (Jetty prints headers both ways), and a
  // bare secret wherever it appears (a URL, a message that quotes a request).
  private static final Pattern SECRET =
      Pattern.compile(
          "(?i)(authorization\\s*[:=]\\s*)(\\S+)(\\s+)[^\\s,;}\\]]+|alk_[A-Za-z0-9_-]{8,}");
  private static final SimpleFormatter FORMAT = new SimpleFormatter();

  private final Filter next;

  private SecretRedaction(Filter next) {
    this.next = next;
  }

  /**
   * Puts the filter in front of every handler of the root logger (keeping a filter a handler
   * already had, which still decides first). Handlers added to the root logger later are not
   * covered.
   */
  static void install() {
    for (Handler h : Logger.getLogger("").getHandlers()) {
      if (!(h.getFilter() instanceof SecretRedaction)) {
        h.setFilter(new SecretRedaction(h.getFilter()));
      }
    }
  }

  @Override
  public boolean isLoggable(LogRecord r) {
    if (next != null && !next.isLoggable(r)) {
      return false;
    }
    String text = FORMAT.formatMessage(r);
    if (text != null) {
      String masked = redact(text);
      if (!masked.equals(text)) {
        r.setMessage(masked);
        r.setParameters(null);
        r.setResourceBundle(null);
      }
    }
    return true;
  }

  /** The text with header credentials and token secrets replaced by {@code [redacted]}. */
  static String redact(String text) {
    return SECRET
        .matcher(text)
        .replaceAll(m -> m.group(1) != null ? "$1$2$3[redacted]" : "[redacted]");
  }
}
