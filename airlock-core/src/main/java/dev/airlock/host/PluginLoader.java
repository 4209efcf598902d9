package dev.airlock.host;

import dev.airlock.AirlockException;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.artefact.Manifest;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Isolation;
import dev.airlock.runtime.Plugin;
import dev.airlock.runtime.PluginOptions;
import dev.airlock.trust.ArtefactVerifier;
import dev.airlock.trust.VerifiedArtefact;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a plugin file into a ready {@link LoadedVersion}: read (never extracted), verify against
 * the trust policy, check rollback and stored configuration, load into the engine and make one
 * instance. Any failure is a {@link LoadFailure} with the reason; nothing is half-loaded.
 */
final class PluginLoader {
  /** Why a file could not become a loaded version. */
  static final class LoadFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final String plugin;

    LoadFailure(String plugin, String message, Throwable cause) {
      super(message, cause, false, false);
      this.plugin = plugin;
    }
  }

  private final ArtefactReader reader;
  private final ArtefactVerifier verifier;
  private final Engine engine;
  private final Isolation isolation;
  private final boolean allowDowngrade;
  private final Clock clock;

  PluginLoader(
      ArtefactReader reader,
      ArtefactVerifier verifier,
      Engine engine,
      Isolation isolation,
      boolean allowDowngrade,
      Clock clock) {
    this.reader = reader;
    this.verifier = verifier;
    this.engine = engine;
    this.isolation = isolation;
    this.allowDowngrade = allowDowngrade;
    this.clock = clock;
  }

  /** Reads and verifies only: enough to learn the plugin's name and version. */
  VerifiedArtefact verify(Path file) throws LoadFailure {
    String label = file.getFileName().toString();
    try {
      return verifier.verify(reader.read(file));
    } catch (AirlockException e) {
      throw new LoadFailure(label, label + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new LoadFailure(label, label + ": cannot read: " + e, e);
    }
  }

  /**
   * Loads a verified artefact.
   *
   * @param highest the highest version loaded before, for rollback protection
   * @param config the stored configuration, checked against the new version's schema
   */
  LoadedVersion load(
      VerifiedArtefact artefact, Path file, Optional<String> highest, Map<String, String> config)
      throws LoadFailure {
    Manifest m = artefact.artefact().manifest();
    if (highest.isPresent() && !allowDowngrade) {
      SemanticVersion seen = SemanticVersion.parse(highest.get());
      if (m.version().compareTo(seen) < 0) {
        throw new LoadFailure(
            m.name(),
            "rollback refused: "
                + file.getFileName()
                + " holds "
                + m.name()
                + " "
                + m.version()
                + ", older than "
                + seen
                + " loaded before (allow"
                + " downgrades in the host settings to accept it)",
            null);
      }
    }
    List<String> problems = m.configSchema().map(s -> s.validate(config)).orElse(List.of());
    if (!problems.isEmpty()) {
      throw new LoadFailure(
          m.name(),
          "the stored configuration does not fit "
              + m.name()
              + " "
              + m.version()
              + "'s config_schema: "
              + String.join("; ", problems),
          null);
    }
    Plugin plugin;
    try {
      plugin =
          engine.load(
              artefact, PluginOptions.builder().isolation(isolation).config(config).build());
      plugin.prepare();
    } catch (AirlockException e) {
      throw new LoadFailure(m.name(), file.getFileName() + ": " + e.getMessage(), e);
    }
    return new LoadedVersion(plugin, artefact, file, clock.instant());
  }
}
