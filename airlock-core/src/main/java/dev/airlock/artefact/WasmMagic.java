package dev.airlock.artefact;

import dev.airlock.artefact.ArtefactException.Reason;
import dev.airlock.internal.Digests;
import java.util.Arrays;

/** The eight bytes every WebAssembly 1.0 binary starts with. */
final class WasmMagic {
  private static final byte[] PREAMBLE = {0, 'a', 's', 'm', 1, 0, 0, 0};

  /** Version and layer of a component-model binary (what {@code wasm32-wasip2} builds give). */
  private static final byte[] COMPONENT = {0x0d, 0, 1, 0};

  private WasmMagic() {}

  static boolean isWasm(byte[] bytes) {
    if (bytes.length < PREAMBLE.length) {
      return false;
    }
    for (int i = 0; i < PREAMBLE.length; i++) {
      if (bytes[i] != PREAMBLE[i]) {
        return false;
      }
    }
    return true;
  }

  static boolean hasMagic(byte[] bytes) {
    return bytes.length >= 4
        && bytes[0] == 0
        && bytes[1] == 'a'
        && bytes[2] == 's'
        && bytes[3] == 'm';
  }

  /**
   * Refuses anything but a WebAssembly 1.0 core module.
   *
   * @param what how the message names the module, e.g. {@code artefact plugin.wasm}
   */
  static void check(byte[] wasm, String what) throws ArtefactException {
    if (!hasMagic(wasm)) {
      throw new ArtefactException(
          Reason.NOT_WASM,
          what + " has bad magic number",
          "00 61 73 6d",
          wasm.length < 4 ? "(" + wasm.length + " bytes)" : Digests.hex(Arrays.copyOf(wasm, 4)),
          null);
    }
    if (!isWasm(wasm)) {
      boolean component =
          wasm.length >= 8 && Arrays.equals(wasm, 4, 8, COMPONENT, 0, COMPONENT.length);
      throw new ArtefactException(
          Reason.NOT_WASM,
          component
              ? what
                  + " is a WebAssembly component (version 0d 00 01 00), not a core module;"
                  + " Airlock runs core modules (version 1, 01 00 00 00)"
              : what + " has an unsupported WebAssembly version; expected 1 (01 00 00 00)");
    }
  }
}
