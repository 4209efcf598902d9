package dev.airlock.testing;

import static dev.airlock.testing.Chicory.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.airlock.testing.Chicory.Engine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The modules that never return, run on a watchdog thread in Chicory 1.7.5 and interrupted after
 * 100 ms, as a host's watchdog would. Chicory checks the interrupt flag at calls and loop back
 * edges; these tests record where that works, how it surfaces, and where it does not.
 */
class HostileInterruptTest {
  private static final Duration DELAY = Duration.ofMillis(100);

  static Stream<Arguments> infiniteLoopHooksOnEachEngine() {
    return Arrays.stream(Engine.values())
        .flatMap(e -> HostileModule.INFINITE_LOOP.hooks().stream().map(h -> Arguments.of(e, h)));
  }

  @ParameterizedTest
  @MethodSource("infiniteLoopHooksOnEachEngine")
  void infiniteLoop_stopsOnInterruptLeavingTheFlagSet(Engine engine, String hook) throws Exception {
    Instance instance = Chicory.instance(HostileModule.INFINITE_LOOP, engine);

    HostileCall call = interrupted(() -> call(instance, hook));

    // The flag stays set: a host must clear it (Thread.interrupted()) before reusing the thread.
    assertThat(call.interruptedAtEnd()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void abiFunctionLoops_stopOnInterrupt(Engine engine) throws Exception {
    Instance loopInAlloc = Chicory.instance(HostileModule.LOOP_IN_ALLOC, engine);
    Instance loopInDealloc = Chicory.instance(HostileModule.LOOP_IN_DEALLOC, engine);
    long output = call(loopInDealloc, HostileModules.RUN);

    interrupted(() -> loopInAlloc.export("alloc").apply(4));
    interrupted(() -> loopInDealloc.export("dealloc").apply(output >>> 32, output & 0xFFFF_FFFFL));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void loopInInitialize_isNotCalledByChicoryAndStopsOnInterrupt(Engine engine) throws Exception {
    Instance instance = Chicory.instance(HostileModule.LOOP_IN_INITIALIZE, engine);

    interrupted(() -> instance.export("_initialize").apply());
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void loopInStart_stopsInstantiationOnInterrupt(Engine engine) throws Exception {
    interrupted(() -> Chicory.instance(HostileModule.LOOP_IN_START, engine));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void loopInWasiStart_runsInChicorysBuildUnlessStartIsOff(Engine engine) throws Exception {
    interrupted(() -> Chicory.instance(HostileModule.LOOP_IN_WASI_START, engine));

    HostileCall withoutStart =
        HostileCall.interruptedAfter(
            Duration.ofSeconds(5),
            () ->
                Chicory.builder(HostileModule.LOOP_IN_WASI_START, engine).withStart(false).build());
    assertThat(withoutStart.ended()).isTrue();
    assertThat(withoutStart.thrown()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void atomicWait_endsOnInterrupt(Engine engine) throws Exception {
    Instance instance = Chicory.instance(HostileModule.ATOMIC_WAIT, engine);

    interrupted(() -> call(instance, HostileModules.RUN));
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void wasiSleep_endsOnInterruptAsAPlainChicoryExceptionThatClearsTheFlag(Engine engine)
      throws Exception {
    Instance instance = wasi(HostileModule.WASI_CLOCK_RANDOM, engine, WasiOptions.builder());

    HostileCall call = HostileCall.interruptedAfter(DELAY, () -> call(instance, "sleep"));

    assertThat(call.ended()).isTrue();
    assertThat(call.thrown())
        .isExactlyInstanceOf(ChicoryException.class)
        .hasMessage("Thread interrupted")
        .hasCauseInstanceOf(InterruptedException.class);
    assertThat(call.interruptedAtEnd()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void wasiRandomFlood_endsOnInterrupt(Engine engine) throws Exception {
    Instance instance = wasi(HostileModule.WASI_CLOCK_RANDOM, engine, WasiOptions.builder());

    HostileCall call = HostileCall.interruptedAfter(DELAY, () -> call(instance, "random_flood"));

    assertThat(call.ended()).isTrue();
    assertThat(call.thrown()).isInstanceOf(ChicoryException.class).hasMessage("Thread interrupted");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void wasiStdioFlood_writesTheEscapeLineUntilInterrupted(Engine engine) throws Exception {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    Instance instance =
        wasi(
            HostileModule.WASI_STDIO_FLOOD,
            engine,
            WasiOptions.builder().withStdout(stdout).withStderr(stdout));

    interrupted(() -> call(instance, HostileModules.RUN));

    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .startsWith("\u001b[2J\u001b[H\u001b[31;1mPWNED")
        .contains("\r[INFO] airlock: all plugins verified\n");
  }

  @Test
  void tailCallLoop_inTheInterpreter_ignoresTheInterrupt() throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    Instance instance =
        Chicory.builder(HostileModule.TAIL_CALL_LOOP, Engine.INTERPRETER)
            .withUnsafeExecutionListener(
                (instruction, stack) -> {
                  if (stop.get()) {
                    throw new Chicory.Stop();
                  }
                })
            .build();

    HostileCall call = HostileCall.start(() -> call(instance, HostileModules.RUN));
    call.awaitEnd(DELAY);
    call.interrupt();
    boolean endedOnInterrupt = call.awaitEnd(Duration.ofMillis(500));
    stop.set(true); // the only way out: an execution listener that throws
    call.awaitEnd(Duration.ofSeconds(10));

    assertThat(endedOnInterrupt).isFalse();
    assertThat(call.thrown()).isInstanceOf(Chicory.Stop.class);
  }

  @Test
  void tailCallLoop_inTheCompiler_exhaustsTheStack() throws Exception {
    Instance instance = Chicory.instance(HostileModule.TAIL_CALL_LOOP, Engine.COMPILER);

    HostileCall call =
        HostileCall.interruptedAfter(
            Duration.ofSeconds(5), () -> call(instance, HostileModules.RUN));

    assertThat(call.thrown())
        .isExactlyInstanceOf(ChicoryException.class)
        .hasMessage("call stack exhausted");
  }

  /** Runs the body, interrupts it after 100 ms, and checks it stopped with Chicory's exception. */
  private static HostileCall interrupted(Callable<?> body) throws InterruptedException {
    HostileCall call = HostileCall.interruptedAfter(DELAY, body);
    assertThat(call.ended()).as("stopped within 10 s of the interrupt").isTrue();
    assertThat(call.thrown())
        .isExactlyInstanceOf(ChicoryInterruptedException.class)
        .hasMessage("Thread interrupted");
    return call;
  }

  private static Instance wasi(HostileModule module, Engine engine, WasiOptions.Builder options) {
    return Chicory.withWasi(
        module, engine, WasiPreview1.builder().withOptions(options.build()).build());
  }
}
