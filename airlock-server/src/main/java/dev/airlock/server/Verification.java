package dev.airlock.server;

import dev.airlock.AirlockException;
import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.host.HostSettings;
import dev.airlock.trust.ArtefactVerifier;
import dev.airlock.trust.VerifiedArtefact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and verifies a staged plugin exactly as the host will: the same reader limits and the same
 * trust policy, built from the host's settings. A refusal is a 422 carrying the reader's or
 * verifier's message.
 */
final class Verification {
  private final ArtefactReader reader;
  private final ArtefactVerifier verifier;

  Verification(HostSettings s) {
    this.reader = ArtefactReader.builder().maxWasmBytes(s.maxWasmBytes()).build();
    this.verifier =
        s.trustRoot().isPresent() && s.requireSignature()
            ? ArtefactVerifier.trusting(s.trustRoot().get())
            : ArtefactVerifier.withoutTrustRoot();
  }

  VerifiedArtefact verify(Staged staged) {
    String format = format(staged);
    checkSidecar(staged, format);
    Artefact a;
    try {
      a =
          switch (format) {
            // core finds the sidecar manifest beside the module, as the host does in its directory
            case "wasm" -> reader.readBareWasm(staged.file(), staged.signature());
            case "zip" -> reader.readZip(staged.file(), staged.signature());
            default -> {
              if (staged.signature() != null) {
                throw ApiException.unprocessable(
                    "signature_not_expected",
                    "a .tar.gz artefact carries its signature inside (plugin.sig); the"
                        + " 'signature' field is only for .wasm and .zip uploads");
              }
              yield reader.read(staged.file());
            }
          };
    } catch (AirlockException e) {
      throw refused("invalid_artefact", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return verifier.verify(a);
    } catch (AirlockException e) {
      throw refused("verification_failed", e);
    }
  }

  /**
   * A sidecar manifest belongs to a bare module and must lie beside it under its stem, where both
   * this reader and the host's find it; a source that stages it elsewhere is a server bug.
   */
  private static void checkSidecar(Staged staged, String format) {
    if (staged.sidecar() == null) {
      return;
    }
    if (!format.equals("wasm")) {
      throw ApiException.unprocessable(
          "sidecar_not_expected",
          "a sidecar manifest belongs to a bare .wasm module; this artefact is a "
              + format
              + " and carries its own manifest");
    }
    String name = staged.file().getFileName().toString();
    String stem = name.endsWith(".wasm") ? name.substring(0, name.length() - 5) : name;
    String sidecar = staged.sidecar().getFileName().toString();
    if (!staged.file().resolveSibling(sidecar).equals(staged.sidecar())
        || CatalogFetch.SIDECARS.stream().noneMatch(ext -> sidecar.equals(stem + ext))) {
      throw new IllegalStateException(
          "sidecar manifest " + staged.sidecar() + " is not beside " + staged.file());
    }
  }

  /** A sidecar manifest's extension ({@code .json}, {@code .yaml}, {@code .yml}, {@code .toml}). */
  static String sidecarExtension(Path sidecar) {
    String n = sidecar.getFileName().toString();
    return n.substring(n.lastIndexOf('.'));
  }

  private static ApiException refused(String error, AirlockException e) {
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("kind", e.getClass().getSimpleName());
    e.expected().ifPresent(v -> details.put("expected", v));
    e.actual().ifPresent(v -> details.put("actual", v));
    return new ApiException(422, error, e.getMessage(), details);
  }

  /** {@code wasm}, {@code zip} or {@code tar.gz}, by the file's first bytes. */
  static String format(Staged staged) {
    byte[] head = new byte[4];
    try (var in = java.nio.file.Files.newInputStream(staged.file())) {
      int n = in.readNBytes(head, 0, 4);
      if (n == 4 && head[0] == 0 && head[1] == 'a' && head[2] == 's' && head[3] == 'm') {
        return "wasm";
      }
      if (n == 4 && head[0] == 'P' && head[1] == 'K') {
        return "zip";
      }
      return "tar.gz";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
