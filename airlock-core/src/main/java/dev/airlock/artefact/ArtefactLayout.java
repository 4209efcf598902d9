package dev.airlock.artefact;

import java.util.List;

/** The entries of an artefact, in the only order they may appear. */
final class ArtefactLayout {
  static final String MANIFEST = "manifest.json";
  static final String WASM = "plugin.wasm";
  static final String SIGNATURE = "plugin.sig";
  static final List<String> ENTRIES = List.of(MANIFEST, WASM, SIGNATURE);

  /** Base64 of 64 bytes is 88 characters; allow a line ending and some slack, nothing more. */
  static final int MAX_SIGNATURE_BYTES = 1024;

  private ArtefactLayout() {}
}
