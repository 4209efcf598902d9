package dev.airlock.catalog;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.SemanticVersion;
import dev.airlock.catalog.CatalogException.Reason;
import dev.airlock.host.StateStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Rollback protection at install time: the highest version the host ever loaded (its {@link
 * StateStore}) and the highest this installer ever placed ({@code .airlock-catalog.json}),
 * whichever is higher, is the floor.
 */
final class DowngradeGuard {
  private DowngradeGuard() {}

  static void check(
      Artefact a, Path dir, InstallRecord record, boolean allowDowngrade, List<String> notes)
      throws CatalogException, IOException {
    String name = a.manifest().name();
    SemanticVersion version = a.manifest().version();
    Optional<SemanticVersion> host =
        Optional.ofNullable(StateStore.inDirectory(dir).load().get(name))
            .flatMap(StateStore.Entry::highestVersion)
            .map(SemanticVersion::parse);
    Optional<SemanticVersion> ours = record.highest(name);
    Optional<SemanticVersion> highest =
        host.isPresent() && ours.isPresent()
            ? Optional.of(host.get().compareTo(ours.get()) >= 0 ? host.get() : ours.get())
            : host.or(() -> ours);
    if (highest.isEmpty() || version.compareTo(highest.get()) >= 0) {
      return;
    }
    if (!allowDowngrade) {
      throw new CatalogException(
          Reason.DOWNGRADE,
          "refusing to install '"
              + name
              + "' "
              + version
              + ": version "
              + highest.get()
              + " was installed before; pass --allow-downgrade to install an older version",
          ">= " + highest.get(),
          version.toString(),
          null);
    }
    if (host.isPresent() && version.compareTo(host.get()) < 0) {
      notes.add(
          "downgrade from "
              + highest.get()
              + ": the host refuses versions below "
              + host.get()
              + " unless its allow_downgrade setting is on");
    }
  }
}
