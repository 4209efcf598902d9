package dev.airlock.runtime;

import com.dylibso.chicory.runtime.Instance;
import dev.airlock.artefact.Abi;
import dev.airlock.artefact.Manifest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A loaded plugin: call its hooks. Thread-safe: many threads may call one plugin at once; each call
 * runs on its own instance (a fresh one, or one from the pool), under the watchdog.
 */
public final class Plugin implements AutoCloseable {
  private final Manifest manifest;
  private final Abi abi;
  private final Map<String, Boolean> hooks;
  private final PluginContext context;
  private final Sandbox sandbox;
  private final AbiBinding binding;
  private final Watchdog watchdog;
  private final Isolation isolation;
  // Lock-free; null = empty slot. Slot i lives at index i * STRIDE, so that two threads working on
  // neighbouring slots do not share a cache line; each thread starts looking at its own home slot.
  private static final int STRIDE = 16;
  private final AtomicReferenceArray<Pooled> pool;
  private final int poolSize;
  private final AtomicLong instancesCreated = new AtomicLong();
  private final boolean interpreted;
  private volatile boolean closed;

  private record Pooled(Instance instance, InstanceSlot slot) {}

  // Numbers threads in the order they first call a plugin, for their home slots: threads that
  // start calling together get neighbouring numbers, so distinct home slots. (Thread ids need
  // not: two JMH workers with ids of the same parity shared one home slot of two.)
  private static final java.util.concurrent.atomic.AtomicInteger THREADS =
      new java.util.concurrent.atomic.AtomicInteger();
  private static final ThreadLocal<Integer> THREAD_NUMBER =
      ThreadLocal.withInitial(() -> THREADS.getAndIncrement() & Integer.MAX_VALUE);

  Plugin(
      Manifest manifest,
      Abi abi,
      Map<String, Boolean> hooks,
      PluginContext context,
      Sandbox sandbox,
      AbiBinding binding,
      Watchdog watchdog,
      PluginOptions options,
      boolean interpreted) {
    this.manifest = manifest;
    this.abi = abi;
    this.hooks = Map.copyOf(hooks);
    this.context = context;
    this.sandbox = sandbox;
    this.binding = binding;
    this.watchdog = watchdog;
    this.isolation = options.isolation();
    this.poolSize = options.poolSize();
    this.pool = new AtomicReferenceArray<>(poolSize * STRIDE);
    this.interpreted = interpreted;
  }

  /**
   * Calls a hook.
   *
   * @param hook an export named in the manifest
   * @param input the input bytes
   * @return the output, logs and duration
   * @throws PluginTimeoutException when the call ran past its wall-clock or CPU budget
   * @throws PluginTrapException when the plugin trapped or broke its ABI
   * @throws PluginLimitException when input, output or another buffer was over its cap
   * @throws PluginErrorException when the plugin reported an error itself
   * @throws PluginException when the call was interrupted by the caller
   * @throws IllegalArgumentException when the plugin has no such hook
   * @throws IllegalStateException when the plugin was closed
   */
  public CallResult call(String hook, byte[] input) throws PluginException {
    return run(hook, input, false).result();
  }

  /**
   * Calls a hook like {@link #call} and reports where the time went.
   *
   * @param hook an export named in the manifest
   * @param input the input bytes
   * @return the result and its phases
   * @throws PluginException as {@link #call} does
   */
  public CallProfile profile(String hook, byte[] input) throws PluginException {
    return run(hook, input, true);
  }

  private CallProfile run(String hook, byte[] input, boolean profile) throws PluginException {
    if (closed) {
      throw new IllegalStateException("plugin '" + name() + "' is closed");
    }
    if (!hooks.containsKey(hook)) {
      throw new IllegalArgumentException(
          "plugin '"
              + name()
              + "' has no hook '"
              + hook
              + "' (hooks: "
              + new java.util.TreeSet<>(hooks.keySet())
              + ")");
    }
    Limits limits = context.limits;
    if (input.length > limits.maxInputBytes()) {
      throw new PluginLimitException(
          name(),
          hook,
          "input of "
              + input.length
              + " bytes is over the cap of "
              + limits.maxInputBytes()
              + " bytes",
          limits.maxInputBytes(),
          input.length);
    }
    Watchdog.Guard guard = watchdog.start(limits.timeout().toNanos(), limits.cpuTime().toNanos());
    CallState call = new CallState(context, hook, input, guard, profile);
    Pooled p = null;
    byte[] output = null;
    Throwable failure = null;
    try {
      p = acquire(call);
      call.mark(1);
      output = binding.invoke(p.instance, call);
      call.mark(4);
    } catch (PluginErrorException e) {
      failure = e; // the plugin said no; its instance is healthy
    } catch (RuntimeException | StackOverflowError e) {
      failure = e;
    } finally {
      guard.close();
      if (p != null) {
        p.slot.unbind();
      }
      call.flushStreams();
    }
    boolean healthy = failure == null || failure instanceof PluginErrorException;
    if (p != null && healthy && isolation == Isolation.POOLED && !closed) {
      release(p);
    }
    if (failure instanceof PluginErrorException e) {
      throw e.withLogs(call.logs.lines());
    }
    if (failure != null) {
      throw Failures.map(failure, call, guard).withLogs(call.logs.lines());
    }
    CallResult result =
        CallResult.owning(output, call.logs.lines(), Duration.ofNanos(guard.elapsedNanos()));
    if (!profile) {
      return new CallProfile(result, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }
    long[] m = call.marks;
    return new CallProfile(
        result,
        Duration.ofNanos(m[1] - m[0]),
        Duration.ofNanos(m[2] - m[1]),
        Duration.ofNanos(m[3] - m[2]),
        Duration.ofNanos(m[4] - m[3]));
  }

  /** Keeps an idle instance, unless the pool is full. */
  private void release(Pooled p) {
    int home = homeSlot();
    for (int k = 0; k < poolSize; k++) {
      int i = slotIndex(home, k);
      if (pool.get(i) == null && pool.compareAndSet(i, null, p)) {
        return;
      }
    }
  }

  private int homeSlot() {
    return THREAD_NUMBER.get() % poolSize;
  }

  private int slotIndex(int home, int k) {
    int s = home + k;
    return (s >= poolSize ? s - poolSize : s) * STRIDE;
  }

  private Pooled acquire(CallState call) {
    if (isolation == Isolation.POOLED) {
      int home = homeSlot();
      for (int k = 0; k < poolSize; k++) {
        int i = slotIndex(home, k);
        Pooled p = pool.get(i);
        if (p != null && pool.compareAndSet(i, p, null)) {
          p.slot.bind(call);
          return p;
        }
      }
    }
    // The start function and _initialize run here, under the caller's guard, bound to the call.
    InstanceSlot slot = new InstanceSlot();
    slot.bind(call);
    instancesCreated.incrementAndGet();
    return new Pooled(sandbox.instantiate(slot), slot);
  }

  /**
   * Makes one instance now, under the call limits (start section and {@code _initialize} included),
   * so a host can check a new version works before it retires the old one. With pooled isolation
   * the instance is kept for the next call.
   *
   * @throws PluginException when instantiation traps, times out or breaks a limit
   */
  public void prepare() throws PluginException {
    Watchdog.Guard guard =
        watchdog.start(context.limits.timeout().toNanos(), context.limits.cpuTime().toNanos());
    CallState call = new CallState(context, "(instantiate)", new byte[0], guard);
    Pooled p = null;
    Throwable failure = null;
    try {
      InstanceSlot slot = new InstanceSlot();
      slot.bind(call);
      instancesCreated.incrementAndGet();
      p = new Pooled(sandbox.instantiate(slot), slot);
    } catch (RuntimeException | StackOverflowError e) {
      failure = e;
    } finally {
      guard.close();
      if (p != null) {
        p.slot.unbind();
      }
      call.flushStreams();
    }
    if (failure != null) {
      throw Failures.map(failure, call, guard).withLogs(call.logs.lines());
    }
    if (isolation == Isolation.POOLED && !closed) {
      release(p);
    }
  }

  /**
   * @return the plugin's name
   */
  public String name() {
    return manifest.name();
  }

  /**
   * @return the plugin's manifest
   */
  public Manifest manifest() {
    return manifest;
  }

  /**
   * @return the ABI the plugin speaks
   */
  public Abi abi() {
    return abi;
  }

  /**
   * @return the hooks that can be called
   */
  public Set<String> hooks() {
    return hooks.keySet();
  }

  /**
   * @return the effective limits of each call
   */
  public Limits limits() {
    return context.limits;
  }

  /**
   * @return how many instances this plugin has created so far
   */
  public long instancesCreated() {
    return instancesCreated.get();
  }

  /**
   * @return true when the module runs in Chicory's interpreter (the compiler could not take it)
   */
  public boolean interpreted() {
    return interpreted;
  }

  /**
   * Replaces the configuration handed to the plugin; calls that start afterwards see it.
   *
   * @param config the new key/value configuration
   */
  public void configure(Map<String, String> config) {
    context.config(config);
  }

  /** Drops pooled instances; calls in flight finish; later calls fail. */
  @Override
  public void close() {
    closed = true;
    for (int i = 0; i < pool.length(); i++) {
      pool.set(i, null);
    }
  }
}
