package dev.airlock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Extism-ABI greeter example, run on a minimal extism:host/env in plain Chicory. */
class GreeterTest {

  @Test
  void greet_usesConfiguredGreetingCountsCallsAndLogsThem() {
    ExtismKernel greeter = new ExtismKernel("greeter", Map.of("greeting", "Hi"));

    assertThat(greeter.call("greet", "Ada")).isZero();
    assertThat(greeter.output()).isEqualTo("Hi, Ada! (call 1)");
    assertThat(greeter.call("greet", "Grace")).isZero();
    assertThat(greeter.output()).isEqualTo("Hi, Grace! (call 2)");
    assertThat(greeter.var("count")).isEqualTo("2");
    assertThat(greeter.logs()).containsExactly("info: greet call 1", "info: greet call 2");
    assertThat(greeter.error()).isNull();
    // Keys, config values, vars and log lines were freed; only the two outputs remain.
    assertThat(greeter.liveBlocks()).isEqualTo(2);
  }

  @Test
  void greet_withoutConfig_saysHello() {
    ExtismKernel greeter = new ExtismKernel("greeter", Map.of());

    assertThat(greeter.call("greet", "wörld")).isZero();
    assertThat(greeter.output()).isEqualTo("Hello, wörld! (call 1)");
  }

  @Test
  void greet_longInput_isCopiedWhole() {
    ExtismKernel greeter = new ExtismKernel("greeter", Map.of("greeting", "Hey"));
    String name = "n".repeat(100_003);

    assertThat(greeter.call("greet", name)).isZero();
    assertThat(greeter.output()).isEqualTo("Hey, " + name + "! (call 1)");
  }

  @Test
  void fail_setsTheErrorAndReturnsOne() {
    ExtismKernel greeter = new ExtismKernel("greeter", Map.of());

    assertThat(greeter.call("fail", "")).isEqualTo(1);
    assertThat(greeter.error()).isEqualTo("deliberate failure");
    assertThat(greeter.output()).isNull();
    assertThat(greeter.liveBlocks()).isEqualTo(1);
  }
}
