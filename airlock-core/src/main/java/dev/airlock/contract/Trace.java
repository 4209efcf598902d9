package dev.airlock.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What one dispatch did so far: the plugins called and the failures, for {@link HookOutcome}. */
final class Trace {
  private final List<String> called = new ArrayList<>();
  private final List<HookFailure> failures = new ArrayList<>();

  <T> Dispatcher.Reply<T> add(Dispatcher.Reply<T> reply) {
    called.add(reply.target().name());
    if (reply.failed()) {
      failures.add(reply.failure());
    }
    return reply;
  }

  <T> HookOutcome<T> outcome(T value, String decidedBy) {
    return new HookOutcome<>(value, Optional.ofNullable(decidedBy), called, failures);
  }

  HookFailedException failedClosed(HookFailure failure) {
    return new HookFailedException(failure, failures);
  }

  List<HookFailure> failures() {
    return List.copyOf(failures);
  }
}
