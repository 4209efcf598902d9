package dev.airlock.host;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches a plugins directory ({@code WatchService}: inotify on Linux) and reports a file only once
 * it has stopped changing: its size and modification time are unchanged for a whole debounce
 * period, measured with the injected clock. An {@code OVERFLOW} (lost events) asks for a full
 * rescan. Not thread-safe; the host calls {@link #tick()} from one scheduler thread.
 */
final class DirectoryWatcher implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DirectoryWatcher.class.getName());

  private record Pending(long since, long size, long modified) {}

  private final Path dir;
  private final Clock clock;
  private final long debounceMillis;
  private final Consumer<Path> changed;
  private final Runnable rescan;
  private final WatchService watch;
  private final Map<Path, Pending> pending = new HashMap<>();
  private ScheduledFuture<?> task;

  DirectoryWatcher(
      Path dir, Clock clock, long debounceMillis, Consumer<Path> changed, Runnable rescan)
      throws IOException {
    this.dir = dir;
    this.clock = clock;
    this.debounceMillis = debounceMillis;
    this.changed = changed;
    this.rescan = rescan;
    this.watch = dir.getFileSystem().newWatchService();
    dir.register(watch, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
  }

  void start(ScheduledExecutorService scheduler) {
    long period = Math.max(5, debounceMillis / 4);
    task =
        scheduler.scheduleWithFixedDelay(
            () -> {
              try {
                tick();
              } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "plugin directory watcher: " + e, e);
              }
            },
            period,
            period,
            TimeUnit.MILLISECONDS);
  }

  /** Drains file events, then reports the files that have settled. */
  void tick() {
    boolean overflow = false;
    WatchKey key;
    try {
      while ((key = watch.poll()) != null) {
        for (WatchEvent<?> e : key.pollEvents()) {
          if (e.kind() == OVERFLOW) {
            overflow = true;
          } else {
            note(dir.resolve((Path) e.context()));
          }
        }
        key.reset();
      }
    } catch (ClosedWatchServiceException e) {
      return;
    }
    if (overflow) {
      pending.clear();
      rescan.run();
    }
    long now = clock.millis();
    for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Path file = e.getKey();
      Pending p = e.getValue();
      long[] stamp = stamp(file);
      if (stamp[0] != p.size() || stamp[1] != p.modified()) {
        e.setValue(new Pending(now, stamp[0], stamp[1])); // still changing: wait again
      } else if (now - p.since() >= debounceMillis) {
        it.remove();
        changed.accept(file);
      }
    }
  }

  private void note(Path file) {
    long[] stamp = stamp(file);
    pending.put(file, new Pending(clock.millis(), stamp[0], stamp[1]));
  }

  /** Size and modification time, or -1s for a file that is gone. */
  private static long[] stamp(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new long[] {a.size(), a.lastModifiedTime().toMillis()};
    } catch (IOException e) {
      return new long[] {-1, -1};
    }
  }

  @Override
  public void close() {
    if (task != null) {
      task.cancel(false);
    }
    try {
      watch.close();
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "closing the watch service: {0}", e);
    }
  }
}
