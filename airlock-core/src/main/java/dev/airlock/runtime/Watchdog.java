package dev.airlock.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One thread that stops calls past their budget, instead of a thread hand-off per call: the calling
 * thread runs the wasm itself and the watchdog interrupts it (Chicory checks the interrupt flag at
 * calls and loop back-edges). The watchdog sleeps until the earliest deadline, and polls thread CPU
 * time every millisecond while calls with a CPU budget run.
 *
 * <p>Starting a guard makes no system call: the caller wakes the watchdog only when the new call
 * needs a check before the watchdog's planned wake-up, and the watchdog, not the caller, first
 * reads the call's CPU clock. CPU used before that first reading is counted as the wall time before
 * it, an upper bound, so a CPU budget is never under-counted.
 *
 * <p>The interrupt is delivered only while the call still runs, and {@link Guard#close()} clears it
 * again, so the caller's thread is never left interrupted by us.
 */
final class Watchdog implements AutoCloseable {
  private static final long CPU_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
  // After a caller had to wake it, the watchdog keeps its CPU poll going this long even when it
  // finds nothing running, so steady traffic of short calls (each over before the next poll) does
  // not make every call wake it: one wake-up per poll instead of one per call.
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Set<Guard> active = ConcurrentHashMap.newKeySet();
  // Made by the watchdog thread itself when it starts: the management beans take tens of
  // milliseconds to initialize, which would otherwise add to every cold start on the caller's
  // thread. Until the watchdog knows, CPU budgets are assumed supported; if they are not, the
  // watchdog ignores them (the wall-clock deadline still holds).
  private ThreadMXBean threads;
  private volatile boolean cpuTimeSupported = true;
  private final Thread thread;
  private static final AtomicInteger HASHES = new AtomicInteger();
  private static final java.lang.invoke.VarHandle NEXT_WAKE;

  static {
    try {
      NEXT_WAKE =
          java.lang.invoke.MethodHandles.lookup()
              .findVarHandle(Watchdog.class, "nextWake", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private volatile long nextWake;
  private volatile boolean running = true;
  private final java.util.concurrent.atomic.LongAdder wakeUps =
      new java.util.concurrent.atomic.LongAdder();

  Watchdog() {
    this.nextWake = System.nanoTime();
    this.thread = Thread.ofPlatform().daemon().name("airlock-watchdog").unstarted(this::loop);
    thread.setPriority(Thread.MAX_PRIORITY);
    thread.start();
  }

  /** Starts guarding the current thread. Close the guard when the call ends. */
  Guard start(long timeoutNanos, long cpuNanos) {
    long now = System.nanoTime();
    long cpu = cpuTimeSupported ? cpuNanos : 0;
    Guard g = new Guard(Thread.currentThread(), now, timeoutNanos, cpu);
    active.add(g);
    // Wake the watchdog only if it would sleep past this call's first check. (Pairs with the
    // re-check for unseen guards in loop(): the add above and the read of nextWake below, against
    // the watchdog's write of nextWake and its second look at the set, are all volatile, so one
    // of the two sides sees the other's write.)
    // The caller that wakes it also moves the planned wake-up to its own first check, so the calls
    // that start while the woken watchdog waits for a CPU (a loaded machine) do not all wake it
    // again.
    long firstCheck = now + (cpu > 0 ? Math.min(timeoutNanos, CPU_POLL_NANOS) : timeoutNanos);
    for (long planned = nextWake; firstCheck - planned < 0; planned = nextWake) {
      if (NEXT_WAKE.compareAndSet(this, planned, firstCheck)) {
        wakeUps.increment();
        LockSupport.unpark(thread);
        break;
      }
    }
    return g;
  }

  /** How often a starting call had to wake the watchdog. */
  long wakeUps() {
    return wakeUps.sum();
  }

  private void loop() {
    threads = ManagementFactory.getThreadMXBean();
    boolean cpu = threads.isThreadCpuTimeSupported();
    if (cpu && !threads.isThreadCpuTimeEnabled()) {
      threads.setThreadCpuTimeEnabled(true);
    }
    cpuTimeSupported = cpu;
    long lingerUntil = System.nanoTime();
    long planned = lingerUntil; // the watchdog's own plan; callers may move nextWake earlier
    while (running) {
      long now = System.nanoTime();
      if (planned - now > CPU_POLL_NANOS / 2) {
        lingerUntil = now + LINGER_NANOS; // woken early: a call needed a check sooner
      }
      long wait = now - lingerUntil < 0 ? CPU_POLL_NANOS : IDLE_NANOS;
      for (Guard g : active) {
        if (g.state.get() != Guard.RUNNING) {
          continue;
        }
        g.seen = true;
        if (now - g.deadline >= 0) {
          g.expire(PluginTimeoutException.Budget.WALL_CLOCK);
          continue;
        }
        if (g.cpuNanos > 0 && cpuTimeSupported) {
          long cpuNow = threads.getThreadCpuTime(g.thread.threadId());
          if (g.cpuBase < 0) {
            g.cpuBase = cpuNow - (now - g.started); // the wall time so far bounds the CPU used
          }
          long used = cpuNow - g.cpuBase;
          if (used >= g.cpuNanos) {
            g.expire(PluginTimeoutException.Budget.CPU);
            continue;
          }
          wait = Math.min(wait, Math.min(CPU_POLL_NANOS, g.cpuNanos - used));
        }
        wait = Math.min(wait, g.deadline - now);
      }
      if (wait > 0) {
        planned = now + wait;
        nextWake = planned;
        if (unseenRunning()) {
          continue; // a call started during the scan: look again before sleeping
        }
        LockSupport.parkNanos(this, wait);
      }
    }
  }

  private boolean unseenRunning() {
    for (Guard g : active) {
      if (!g.seen && g.state.get() == Guard.RUNNING) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
  }

  /** An int state without an Atomic object per guard. */
  static final class Flag {
    private static final java.lang.invoke.VarHandle V;

    static {
      try {
        V = java.lang.invoke.MethodHandles.lookup().findVarHandle(Flag.class, "v", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private volatile int v;

    int get() {
      return v;
    }

    void set(int x) {
      v = x;
    }

    boolean compareAndSet(int expect, int update) {
      return V.compareAndSet(this, expect, update);
    }
  }

  /** The watch over one call. Not shared between threads except with the watchdog. */
  final class Guard implements AutoCloseable {
    static final int RUNNING = 0;
    static final int DONE = 1;
    static final int EXPIRING = 2;
    static final int INTERRUPTED = 3;

    final Thread thread;
    final long started;
    final long deadline;
    final long timeoutNanos;
    final long cpuNanos;
    long cpuBase = -1; // the watchdog thread's own bookkeeping
    boolean seen; // likewise: the watchdog has taken this guard into its plan
    final Flag state = new Flag();
    private final int hash = HASHES.getAndIncrement();
    volatile PluginTimeoutException.Budget expired;

    Guard(Thread thread, long started, long timeoutNanos, long cpuNanos) {
      this.thread = thread;
      this.started = started;
      this.timeoutNanos = timeoutNanos;
      this.deadline = started + timeoutNanos;
      this.cpuNanos = cpuNanos;
    }

    // A cheap hash: an identity hash is costly to install on every call's new guard.
    @Override
    public int hashCode() {
      return hash * 0x9E3779B9;
    }

    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    private void expire(PluginTimeoutException.Budget budget) {
      if (state.compareAndSet(RUNNING, EXPIRING)) {
        expired = budget;
        thread.interrupt();
        state.set(INTERRUPTED);
      }
    }

    /** Which budget ran out, or {@code null} if none did. */
    PluginTimeoutException.Budget expired() {
      return state.get() == DONE ? null : expired;
    }

    /** Nanoseconds left before the wall-clock deadline, for blocking host functions. */
    long remainingNanos() {
      return deadline - System.nanoTime();
    }

    long elapsedNanos() {
      return System.nanoTime() - started;
    }

    /**
     * Ends the watch. If the watchdog fired, waits for its interrupt to land and clears it, so the
     * caller's thread leaves the call with the interrupt status it had before.
     */
    @Override
    public void close() {
      active.remove(this);
      if (!state.compareAndSet(RUNNING, DONE)) {
        while (state.get() != INTERRUPTED) {
          Thread.onSpinWait();
        }
        Thread.interrupted();
      }
    }
  }
}
