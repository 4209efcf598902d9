package dev.airlock.host;

import dev.airlock.runtime.LogLine;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A host's events and plugin log lines on their way out: recorded on the plugin's entry, logged,
 * and handed to every {@link HostListener}. A listener that throws is logged and skipped; it never
 * stops the others or the host.
 */
final class HostListeners {
  private static final System.Logger LOG = System.getLogger(PluginHost.class.getName());

  private final Map<String, PluginEntry> entries;
  private final Clock clock;
  private final List<HostListener> listeners = new CopyOnWriteArrayList<>();

  HostListeners(Map<String, PluginEntry> entries, Clock clock) {
    this.entries = entries;
    this.clock = clock;
  }

  void add(HostListener listener) {
    listeners.add(listener);
  }

  /** Records an event on its plugin, logs it and tells the listeners. */
  void emit(HostEvent event) {
    PluginEntry e = entries.get(event.plugin());
    if (e != null) {
      e.events.add(event);
    }
    LOG.log(event.type() == HostEvent.Type.FAILED ? Level.WARNING : Level.INFO, "{0}", event);
    for (HostListener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException ex) {
        LOG.log(Level.WARNING, "host listener failed on " + event, ex);
      }
    }
  }

  /** Hands the log lines of one call to the listeners. */
  void logs(String plugin, String hook, List<LogLine> lines) {
    if (lines.isEmpty() || listeners.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    for (LogLine line : lines) {
      PluginLog log = new PluginLog(now, hook, line);
      for (HostListener l : listeners) {
        try {
          l.onLog(plugin, log);
        } catch (RuntimeException ex) {
          LOG.log(Level.WARNING, "host listener failed on a log line of " + plugin, ex);
        }
      }
    }
  }
}
