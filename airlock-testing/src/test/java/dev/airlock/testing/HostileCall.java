package dev.airlock.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A call into a plugin on its own daemon thread, so a test can interrupt it the way a host's
 * watchdog would, and a loop that ignores the interrupt cannot hang the test run.
 */
final class HostileCall {
  private static final Duration END_WAIT = Duration.ofSeconds(10);

  private final Thread thread;
  private final AtomicReference<Throwable> thrown = new AtomicReference<>();
  private final AtomicBoolean interruptedAtEnd = new AtomicBoolean();

  private HostileCall(Callable<?> body) {
    this.thread =
        Thread.ofPlatform()
            .daemon()
            .name("hostile-call")
            .unstarted(
                () -> {
                  try {
                    body.call();
                  } catch (Throwable t) {
                    thrown.set(t);
                  }
                  interruptedAtEnd.set(Thread.currentThread().isInterrupted());
                });
  }

  static HostileCall start(Callable<?> body) {
    HostileCall call = new HostileCall(body);
    call.thread.start();
    return call;
  }

  /** Starts the call, interrupts it after {@code delay}, and waits up to 10 s for it to end. */
  static HostileCall interruptedAfter(Duration delay, Callable<?> body)
      throws InterruptedException {
    HostileCall call = start(body);
    call.thread.join(delay);
    call.thread.interrupt();
    call.awaitEnd(END_WAIT);
    return call;
  }

  void interrupt() {
    thread.interrupt();
  }

  /** Whether the call ended within {@code timeout}. */
  boolean awaitEnd(Duration timeout) throws InterruptedException {
    return thread.join(timeout);
  }

  boolean ended() {
    return !thread.isAlive();
  }

  /** What the call threw, or null if it returned (or has not ended). */
  Throwable thrown() {
    return thrown.get();
  }

  /** Whether the thread's interrupt flag was still set when the call ended. */
  boolean interruptedAtEnd() {
    return interruptedAtEnd.get();
  }
}
