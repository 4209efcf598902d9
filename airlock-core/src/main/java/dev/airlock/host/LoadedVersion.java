package dev.airlock.host;

import dev.airlock.runtime.Plugin;
import dev.airlock.trust.VerifiedArtefact;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded version of a plugin. Calls hold a lease on it; once retired (replaced or removed) it
 * is closed when its last call ends, so calls in flight finish on the version they started on.
 */
final class LoadedVersion {
  final Plugin plugin;
  final VerifiedArtefact artefact;
  final Path file;
  final Instant loadedAt;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean retired;
  private boolean closed;

  LoadedVersion(Plugin plugin, VerifiedArtefact artefact, Path file, Instant loadedAt) {
    this.plugin = plugin;
    this.artefact = artefact;
    this.file = file;
    this.loadedAt = loadedAt;
  }

  /** Takes a lease; false when the version was retired meanwhile (take the new one). */
  boolean acquire() {
    inFlight.incrementAndGet();
    if (retired) {
      release();
      return false;
    }
    return true;
  }

  void release() {
    if (inFlight.decrementAndGet() == 0 && retired) {
      closeOnce();
    }
  }

  void retire() {
    retired = true;
    if (inFlight.get() == 0) {
      closeOnce();
    }
  }

  int inFlight() {
    return inFlight.get();
  }

  boolean isClosed() {
    synchronized (this) {
      return closed;
    }
  }

  private synchronized void closeOnce() {
    if (!closed) {
      closed = true;
      plugin.close();
    }
  }
}
