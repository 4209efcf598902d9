package dev.airlock.artefact;

/** The eight bytes every WebAssembly 1.0 binary starts with. */
final class WasmMagic {
  private static final byte[] PREAMBLE = {0, 'a', 's', 'm', 1, 0, 0, 0};

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
}
