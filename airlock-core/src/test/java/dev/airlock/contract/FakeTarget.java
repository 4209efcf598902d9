package dev.airlock.contract;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.airlock.runtime.CallResult;
import dev.airlock.runtime.PluginException;
import dev.airlock.runtime.PluginTimeoutException;
import dev.airlock.runtime.PluginTrapException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A scripted plugin for unit tests of fan-out and failure handling: no wasm involved. */
final class FakeTarget implements HookTarget {
  /** What a call does. */
  interface Script {
    byte[] run(byte[] input) throws PluginException;
  }

  private final String name;
  private final Map<String, Script> scripts = new LinkedHashMap<>();
  final List<String> calls = new ArrayList<>();
  final List<byte[]> inputs = new ArrayList<>();

  private FakeTarget(String name) {
    this.name = name;
  }

  static FakeTarget named(String name) {
    return new FakeTarget(name);
  }

  FakeTarget replies(String hook, String reply) {
    return replies(hook, reply.getBytes(UTF_8));
  }

  FakeTarget replies(String hook, byte[] reply) {
    scripts.put(hook, in -> reply.clone());
    return this;
  }

  FakeTarget does(String hook, Script script) {
    scripts.put(hook, script);
    return this;
  }

  FakeTarget traps(String hook) {
    return does(
        hook,
        in -> {
          throw new PluginTrapException(
              name,
              hook,
              PluginTrapException.Kind.UNREACHABLE,
              "plugin '" + name + "' hook '" + hook + "' trapped: unreachable",
              null);
        });
  }

  FakeTarget timesOut(String hook) {
    return does(
        hook,
        in -> {
          throw new PluginTimeoutException(
              name,
              hook,
              PluginTimeoutException.Budget.WALL_CLOCK,
              Duration.ofMillis(100),
              Duration.ofMillis(101));
        });
  }

  String lastInput() {
    return new String(inputs.getLast(), UTF_8);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<String> hooks() {
    return scripts.keySet();
  }

  @Override
  public CallResult call(String hook, byte[] input) throws PluginException {
    calls.add(hook);
    inputs.add(input.clone());
    return new CallResult(scripts.get(hook).run(input), List.of(), Duration.ofNanos(1));
  }
}
