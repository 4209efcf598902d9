package dev.airlock.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ProgressMonitor;

/**
 * Stops a clone whose files on disk grow past a cap: JGit asks {@link #isCancelled} while it
 * receives and checks out, and this measures the clone directory at most every 100 ms.
 */
final class CloneSizeCap implements ProgressMonitor {
  private final Path dir;
  private final long maxBytes;
  private long lastCheck;
  private volatile boolean exceeded;

  CloneSizeCap(Path dir, long maxBytes) {
    this.dir = dir;
    this.maxBytes = maxBytes;
  }

  boolean exceeded() {
    return exceeded;
  }

  @Override
  public boolean isCancelled() {
    long now = System.nanoTime();
    if (!exceeded && now - lastCheck > 100_000_000L) {
      lastCheck = now;
      exceeded = size() > maxBytes;
    }
    return exceeded;
  }

  /** Checks once more at the end, so a clone that finished between checks is measured too. */
  void finalCheck() {
    exceeded = exceeded || size() > maxBytes;
  }

  private long size() {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .mapToLong(
              p -> {
                try {
                  return Files.size(p);
                } catch (IOException e) {
                  return 0; // a file JGit just renamed or removed
                }
              })
          .sum();
    } catch (IOException | UncheckedIOException e) {
      return 0;
    }
  }

  @Override
  public void start(int totalTasks) {}

  @Override
  public void beginTask(String title, int totalWork) {}

  @Override
  public void update(int completed) {}

  @Override
  public void endTask() {}

  @Override
  public void showDuration(boolean enabled) {}
}
