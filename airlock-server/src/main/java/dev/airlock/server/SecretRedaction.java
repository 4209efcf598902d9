package dev.airlock.server;

import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
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
  // Below INFO, libraries also dump raw buffers, where a secret can be cut from its header and
  // its "alk_" by a position marker ("…er alk_<<<VBws…"): there, any run of 32 or more token
  // characters is masked, and any run of 20 or more with a digit, '-' or '_' in it (identifiers
  // in debug lines are words and short hex ids). A piece shorter than 20 characters of a 43-
  // character secret can still show.
  private static final Pattern LONG_RUN = Pattern.compile("[A-Za-z0-9_-]{20,}");
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
      String masked = redact(text, r.getLevel().intValue() < Level.INFO.intValue());
      if (!masked.equals(text)) {
        r.setMessage(masked);
        r.setParameters(null);
        r.setResourceBundle(null);
      }
    }
    return true;
  }

  /**
   * The text with header credentials and token secrets replaced by {@code [redacted]}.
   *
   * @param debug whether the text comes from a record below INFO, which may hold buffer dumps
   */
  static String redact(String text, boolean debug) {
    String masked =
        SECRET
            .matcher(text)
            .replaceAll(m -> m.group(1) != null ? "$1$2$3[redacted]" : "[redacted]");
    if (!debug) {
      return masked;
    }
    return LONG_RUN
        .matcher(masked)
        .replaceAll(
            m ->
                m.group().length() >= 32 || m.group().matches(".*[0-9_-].*")
                    ? "[redacted]"
                    : Matcher.quoteReplacement(m.group()));
  }
}
