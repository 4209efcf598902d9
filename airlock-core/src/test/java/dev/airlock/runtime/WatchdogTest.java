package dev.airlock.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WatchdogTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void steadyShortCallsDoNotWakeTheWatchdogEachTime() throws Exception {
    try (Watchdog w = new Watchdog()) {
      Thread.sleep(50); // let it start and go idle
      for (int i = 0; i < 20_000; i++) {
        try (Watchdog.Guard g = w.start(SECOND, SECOND)) {
          assertThat(g.expired()).isNull();
        }
      }
      // Without lingering, every call that finds the watchdog asleep for a second wakes it.
      assertThat(w.wakeUps()).isLessThan(2_000);
    }
  }

  @Test
  void stillStopsARunawayCallAfterLingering() throws Exception {
    try (Watchdog w = new Watchdog()) {
      for (int i = 0; i < 1000; i++) {
        w.start(SECOND, SECOND).close();
      }
      Thread.sleep(150); // past the linger: the watchdog sleeps again
      long budget = TimeUnit.MILLISECONDS.toNanos(30);
      Watchdog.Guard g = w.start(budget, 0);
      long t0 = System.nanoTime();
      while (!Thread.currentThread().isInterrupted()
          && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10)) {
        Thread.onSpinWait();
      }
      g.close();
      assertThat(g.expired()).isEqualTo(PluginTimeoutException.Budget.WALL_CLOCK);
      assertThat(Thread.currentThread().isInterrupted())
          .as("close() clears the watchdog's interrupt")
          .isFalse();
    }
  }
}
