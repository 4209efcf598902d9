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

  /** Spins until the watchdog interrupts this thread, for at most ten seconds. */
  private static void spinUntilInterrupted() {
    long t0 = System.nanoTime();
    while (!Thread.currentThread().isInterrupted()
        && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10)) {
      Thread.onSpinWait();
    }
  }

  @Test
  void nestedCalls_innerExpiresFirst_outerStaysWatchedAfterIt() throws Exception {
    try (Watchdog w = new Watchdog()) {
      long ms = TimeUnit.MILLISECONDS.toNanos(1);
      Watchdog.Guard outer = w.start(300 * ms, 0);
      Watchdog.Guard inner = w.start(20 * ms, 0);
      spinUntilInterrupted();
      inner.close();
      assertThat(inner.expired()).isEqualTo(PluginTimeoutException.Budget.WALL_CLOCK);
      assertThat(outer.expired()).as("the outer call still has time").isNull();
      assertThat(Thread.currentThread().isInterrupted()).isFalse();

      spinUntilInterrupted(); // the outer call's own deadline still holds
      outer.close();
      assertThat(outer.elapsedNanos()).isGreaterThanOrEqualTo(300 * ms);
      assertThat(outer.expired()).isEqualTo(PluginTimeoutException.Budget.WALL_CLOCK);
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
  }

  @Test
  void guardsClosedOutOfOrder_leaveTheNextCallWatched() throws Exception {
    try (Watchdog w = new Watchdog()) {
      Watchdog.Guard a = w.start(SECOND, 0);
      Watchdog.Guard b = w.start(SECOND, 0);
      a.close(); // not last-in-first-out
      b.close();
      Watchdog.Guard c = w.start(TimeUnit.MILLISECONDS.toNanos(20), 0);
      spinUntilInterrupted();
      c.close();
      assertThat(c.expired()).isEqualTo(PluginTimeoutException.Budget.WALL_CLOCK);
      assertThat(a.expired()).isNull();
      assertThat(b.expired()).isNull();
    }
  }

  @Test
  void callsOnTwoThreads_eachStoppedAtItsOwnDeadline() throws Exception {
    try (Watchdog w = new Watchdog()) {
      long ms = TimeUnit.MILLISECONDS.toNanos(1);
      Watchdog.Guard[] guards = new Watchdog.Guard[2];
      long[] ran = new long[2];
      Thread[] threads = new Thread[2];
      for (int i = 0; i < 2; i++) {
        int k = i;
        threads[i] =
            Thread.ofPlatform()
                .start(
                    () -> {
                      guards[k] = w.start((k == 0 ? 30 : 200) * ms, 0);
                      spinUntilInterrupted();
                      guards[k].close();
                      ran[k] = guards[k].elapsedNanos();
                    });
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(guards[0].expired()).isEqualTo(PluginTimeoutException.Budget.WALL_CLOCK);
      assertThat(guards[1].expired()).isEqualTo(PluginTimeoutException.Budget.WALL_CLOCK);
      assertThat(ran[0]).isBetween(30 * ms, 190 * ms);
      assertThat(ran[1]).isGreaterThanOrEqualTo(200 * ms);
    }
  }

  @Test
  void laneOfAThreadThatEnded_isDropped() throws Exception {
    try (Watchdog w = new Watchdog()) {
      Thread t = Thread.ofPlatform().start(() -> w.start(SECOND, SECOND).close());
      t.join();
      w.start(SECOND, SECOND).close(); // this thread's lane
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (w.lanes() > 1 && System.nanoTime() < until) {
        // a call with a CPU budget makes the watchdog scan within a millisecond
        w.start(SECOND, SECOND).close();
        Thread.sleep(5);
      }
      assertThat(w.lanes()).as("only this thread's lane is left").isEqualTo(1);
      assertThat(t.isAlive()).isFalse();
    }
  }
}
