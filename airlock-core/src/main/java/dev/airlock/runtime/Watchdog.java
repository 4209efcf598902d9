package dev.airlock.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
 *
 * <p>Calls are found through one {@link Lane} per calling thread, registered once: a call links its
 * guard into its own thread's lane, so threads calling at the same time write nothing in common (a
 * shared set and a shared counter per call held two threads on one plugin to 1.3× one thread).
 */
final class Watchdog implements AutoCloseable {
  private static final long CPU_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
  // After a caller had to wake it, the watchdog keeps its CPU poll going this long even when it
  // finds nothing running, so steady traffic of short calls (each over before the next poll) does
  // not make every call wake it: one wake-up per poll instead of one per call.
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Set<Lane> lanes = ConcurrentHashMap.newKeySet();
  private final ThreadLocal<Lane> lane = new ThreadLocal<>();
  // Made by the watchdog thread itself when it starts: the management beans take tens of
  // milliseconds to initialize, which would otherwise add to every cold start on the caller's
  // thread. Until the watchdog knows, CPU budgets are assumed supported; if they are not, the
  // watchdog ignores them (the wall-clock deadline still holds).
  private ThreadMXBean threads;
  private volatile boolean cpuTimeSupported = true;
  private final Thread thread;
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
    Lane l = lane.get();
    if (l == null) {
      l = new Lane(Thread.currentThread());
      lane.set(l);
      lanes.add(l);
    }
    Guard g = new Guard(l, now, timeoutNanos, cpu);
    l.current = g;
    // Wake the watchdog only if it would sleep past this call's first check. (Pairs with the
    // re-check for unseen guards in loop(): the link above and the read of nextWake below, against
    // the watchdog's write of nextWake and its second look at the lanes, are all volatile, so one
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

  /** How many threads the watchdog has a lane for (threads that ended are dropped on a scan). */
  int lanes() {
    return lanes.size();
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
      for (Iterator<Lane> it = lanes.iterator(); it.hasNext(); ) {
        Lane l = it.next();
        Guard top = l.current;
        if (top == null && !l.thread.isAlive()) {
          it.remove(); // its thread ended; a thread-local lane is not reused
          continue;
        }
        for (Guard g = top; g != null; g = g.outer) {
          wait = check(g, now, wait);
        }
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

  /** Checks one call's budgets; returns how long the watchdog may sleep as far as it matters. */
  private long check(Guard g, long now, long wait) {
    if (g.state.get() != Guard.RUNNING) {
      return wait;
    }
    g.seen = true;
    if (now - g.deadline >= 0) {
      g.expire(PluginTimeoutException.Budget.WALL_CLOCK);
      return wait;
    }
    if (g.cpuNanos > 0 && cpuTimeSupported) {
      long cpuNow = threads.getThreadCpuTime(g.thread.threadId());
      if (g.cpuBase < 0) {
        g.cpuBase = cpuNow - (now - g.started); // the wall time so far bounds the CPU used
      }
      long used = cpuNow - g.cpuBase;
      if (used >= g.cpuNanos) {
        g.expire(PluginTimeoutException.Budget.CPU);
        return wait;
      }
      wait = Math.min(wait, Math.min(CPU_POLL_NANOS, g.cpuNanos - used));
    }
    return Math.min(wait, g.deadline - now);
  }

  private boolean unseenRunning() {
    for (Lane l : lanes) {
      for (Guard g = l.current; g != null; g = g.outer) {
        if (!g.seen && g.state.get() == Guard.RUNNING) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The calls running on one thread, innermost first ({@code current}, then each guard's {@code
   * outer}): written by that thread only, read by the watchdog.
   */
  static final class Lane {
    final Thread thread;
    volatile Guard current;

    Lane(Thread thread) {
      this.thread = thread;
    }
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
    private final Lane lane;
    final Guard outer; // the call this one runs inside, on the same thread, if any
    final long started;
    final long deadline;
    final long timeoutNanos;
    final long cpuNanos;
    long cpuBase = -1; // the watchdog thread's own bookkeeping
    boolean seen; // likewise: the watchdog has taken this guard into its plan
    final Flag state = new Flag();
    volatile PluginTimeoutException.Budget expired;

    Guard(Lane lane, long started, long timeoutNanos, long cpuNanos) {
      this.lane = lane;
      this.thread = lane.thread;
      Guard o = lane.current;
      while (o != null && o.state.get() == DONE) {
        o = o.outer; // closed out of order: not a running call any more
      }
      this.outer = o;
      this.started = started;
      this.timeoutNanos = timeoutNanos;
      this.deadline = started + timeoutNanos;
      this.cpuNanos = cpuNanos;
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
      if (lane.current == this) {
        lane.current = outer;
      }
      if (!state.compareAndSet(RUNNING, DONE)) {
        while (state.get() != INTERRUPTED) {
          Thread.onSpinWait();
        }
        Thread.interrupted();
      }
    }
  }
}
