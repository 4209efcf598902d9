package dev.airlock.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExtismKernelTest {
  @Test
  void blocks_areFoundByTheirStart_freedOnesAreGone() {
    ExtismKernel k = new ExtismKernel(1 << 20, 64);
    long[] offsets = new long[100]; // past the initial table size, so it grows
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = k.store(("block " + i).getBytes(StandardCharsets.UTF_8));
    }
    assertThat(new String(k.read(offsets[42]), StandardCharsets.UTF_8)).isEqualTo("block 42");
    assertThat(k.length(offsets[99])).isEqualTo("block 99".length());
    assertThat(k.length(offsets[5] + 1)).isZero(); // inside a block, not its start

    k.free(offsets[42]);
    assertThat(k.length(offsets[42])).isZero();
    assertThatThrownBy(() -> k.block(offsets[42], "error_set"))
        .isInstanceOf(AbiViolation.class)
        .hasMessage("error_set: " + offsets[42] + " is not the start of an allocated block");
    assertThat(new String(k.read(offsets[43]), StandardCharsets.UTF_8)).isEqualTo("block 43");
  }

  @Test
  void reset_leavesNoBlockAndNoByteOfTheLastCall() {
    ExtismKernel k = new ExtismKernel(1 << 20, 64);
    long a = k.store("secret of the last call".getBytes(StandardCharsets.UTF_8));
    long b = k.alloc(8);
    k.storeU64(b, -1L);

    k.reset();

    assertThat(k.length(a)).isZero();
    assertThatThrownBy(() -> k.loadU64(b)).isInstanceOf(AbiViolation.class);
    long c = k.alloc(64);
    assertThat(c).isEqualTo(a); // the same bytes again, zeroed
    assertThat(k.read(c, 64, "test")).containsOnly(0);
  }

  @Test
  void inputLoadU64_readsTheInputBlock_andNothingPastIt() {
    ExtismKernel k = new ExtismKernel(1 << 20, 64);
    k.store(new byte[] {9, 9, 9}); // something before the input, as a call may have
    byte[] input = new byte[20];
    for (int i = 0; i < input.length; i++) {
      input[i] = (byte) (i + 1);
    }
    k.storeInput(input);

    assertThat(k.inputLoadU64(0)).isEqualTo(0x0807060504030201L);
    assertThat(k.inputLoadU64(12)).isEqualTo(0x14131211100f0e0dL); // the last 8 bytes
    assertThatThrownBy(() -> k.inputLoadU64(13))
        .isInstanceOf(AbiViolation.class)
        .hasMessage("input_load at 13 is outside the input of 20 bytes");
    assertThatThrownBy(() -> k.inputLoadU64(-1)).isInstanceOf(AbiViolation.class);

    k.reset(); // the next call has no input until it stores its own
    assertThatThrownBy(() -> k.inputLoadU64(0))
        .isInstanceOf(AbiViolation.class)
        .hasMessage("input_load at 0 is outside the input of 0 bytes");
  }

  @Test
  void ready_emptiesTheKernel_capsIt_andHoldsTheNextInput() {
    ExtismKernel k = new ExtismKernel(0, 64); // as an instance's is made: capped at nothing
    assertThatThrownBy(() -> k.alloc(1)).isInstanceOf(AbiViolation.class);

    long first = k.ready(1 << 10, new byte[] {1, 0, 0, 0, 0, 0, 0, 0});
    long block = k.alloc(16);
    k.storeU64(block, 42);
    assertThat(k.inputLoadU64(0)).isEqualTo(1);

    long second = k.ready(1 << 10, new byte[] {2, 0, 0, 0, 0, 0, 0, 0});
    assertThat(second).isEqualTo(first); // the same place, emptied
    assertThat(k.inputLoadU64(0)).isEqualTo(2);
    assertThat(k.length(block)).isZero();
    assertThatThrownBy(() -> k.alloc(2000)) // over the cap the call set
        .isInstanceOf(AbiViolation.class)
        .hasMessageContaining("over the call's memory cap of 1024 bytes");
  }
}
