package dev.airlock.host;

import dev.airlock.artefact.Manifest;
import dev.airlock.contract.FailurePolicy;
import dev.airlock.contract.HookTarget;
import dev.airlock.contract.HookTargets;
import dev.airlock.contract.RegistryHooks;
import dev.airlock.trust.VerifiedArtefact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Keeps the host's entries in step with its plugins directory: which file holds which plugin,
 * loading new and changed files (a new version replaces the old one only once it works), failures
 * that keep the old version serving, format-key and duplicate-name conflicts, and removals. Not
 * thread-safe: the host calls it under its lock.
 */
final class DirectorySync {
  private final HostSettings settings;
  private final PluginLoader loader;
  private final Clock clock;
  private final FailurePolicy failurePolicy;
  private final Map<String, PluginEntry> entries;
  private final SavedState saved;
  private final Consumer<HostEvent> events;
  private final Map<Path, String> owners = new HashMap<>();
  private final Set<Path> conflicted = new HashSet<>();

  DirectorySync(
      HostSettings settings,
      PluginLoader loader,
      Clock clock,
      FailurePolicy failurePolicy,
      Map<String, PluginEntry> entries,
      SavedState saved,
      Consumer<HostEvent> events) {
    this.settings = settings;
    this.loader = loader;
    this.clock = clock;
    this.failurePolicy = failurePolicy;
    this.entries = entries;
    this.saved = saved;
    this.events = events;
  }

  /**
   * Reconciles the entries with the directory: loads new or changed files, drops removed ones.
   *
   * @param announce whether to report the rescan as an event (when the directory is watched)
   */
  void rescan(boolean announce) {
    Set<Path> present = new java.util.TreeSet<>(); // sorted: loading order is deterministic
    try (Stream<Path> files = Files.list(settings.directory())) {
      files.filter(PluginFiles::isPrimary).sorted().forEach(present::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path gone : new ArrayList<>(owners.keySet())) {
      if (!present.contains(gone)) {
        fileChanged(gone);
      }
    }
    for (Path file : present) {
      PluginEntry e = Optional.ofNullable(owners.get(file)).map(entries::get).orElse(null);
      if (e == null
          || e.current == null
          || !e.current.file.equals(file)
          || modifiedSince(file, e.current.loadedAt)) {
        fileChanged(file);
      }
    }
    if (announce) {
      events.accept(
          new HostEvent(
              clock.instant(), "*", HostEvent.Type.RESCANNED, present.size() + " plugin files"));
    }
  }

  private static boolean modifiedSince(Path file, Instant loadedAt) {
    try {
      return Files.getLastModifiedTime(file).toInstant().isAfter(loadedAt);
    } catch (IOException e) {
      return true;
    }
  }

  /** A file appeared, changed or disappeared (a sidecar stands for its plugin file). */
  void fileChanged(Path changed) {
    Optional<Path> primary = PluginFiles.primaryOf(changed);
    if (primary.isEmpty()) {
      return;
    }
    Path file = primary.get();
    if (!Files.exists(file)) {
      removed(file);
      return;
    }
    VerifiedArtefact artefact;
    try {
      artefact = loader.verify(file);
    } catch (PluginLoader.LoadFailure f) {
      failed(Optional.ofNullable(owners.get(file)).orElse(f.plugin), file, f.getMessage());
      return;
    }
    String name = artefact.artefact().manifest().name();
    String previousOwner = owners.get(file);
    if (previousOwner != null && !previousOwner.equals(name)) {
      removed(file); // the file now holds another plugin: the old one goes
    }
    PluginEntry entry = entries.get(name);
    if (entry != null
        && entry.current != null
        && !entry.current.file.equals(file)
        && Files.exists(entry.current.file)) {
      conflicted.add(file);
      events.accept(
          new HostEvent(
              clock.instant(),
              name,
              HostEvent.Type.CONFLICT,
              file.getFileName()
                  + " and "
                  + entry.current.file.getFileName()
                  + " both hold plugin '"
                  + name
                  + "'; "
                  + entry.current.file.getFileName()
                  + " keeps serving, "
                  + file.getFileName()
                  + " is ignored until one of them is removed"));
      return;
    }
    conflicted.remove(file);
    load(name, file, artefact);
  }

  private void load(String name, Path file, VerifiedArtefact artefact) {
    StateStore.Entry state = saved.of(name);
    // A new entry is published only once its first version is ready (or has failed).
    PluginEntry entry = entries.getOrDefault(name, new PluginEntry(name, file));
    Map<String, String> config = entry.current != null ? entry.config : state.config();
    LoadedVersion next;
    try {
      next = loader.load(artefact, file, state.highestVersion(), config);
    } catch (PluginLoader.LoadFailure f) {
      failed(name, file, f.getMessage());
      return;
    }
    String formatKey;
    try {
      formatKey = formatKey(name, next);
    } catch (PluginLoader.LoadFailure f) {
      next.retire();
      failed(name, file, f.getMessage());
      return;
    }
    entry.formatKey = formatKey;
    LoadedVersion old = entry.current;
    boolean first = old == null;
    entry.current = next;
    entry.file = file;
    entry.config = config;
    entry.failure = null;
    owners.put(file, name);
    Manifest m = artefact.artefact().manifest();
    if (first || entry.status == PluginStatus.FAILED) {
      // An operator's decision, remembered across restarts, beats the host's default.
      entry.status =
          state
              .enabled()
              .map(on -> on ? PluginStatus.ENABLED : PluginStatus.DISABLED)
              .orElse(settings.enableNewPlugins() ? PluginStatus.ENABLED : PluginStatus.LOADED);
      entry.enabledAt = entry.status == PluginStatus.ENABLED ? clock.instant() : null;
    }
    entries.put(name, entry);
    if (old != null) {
      old.retire();
    }
    saved.loaded(name, entry.config, m.version());
    events.accept(
        new HostEvent(
            clock.instant(),
            name,
            first ? HostEvent.Type.LOADED : HostEvent.Type.RELOADED,
            m.version()
                + " from "
                + file.getFileName()
                + artefact.signer().map(s -> ", signed by " + s).orElse("")
                + (first ? ", " + entry.status.name().toLowerCase(java.util.Locale.ROOT) : "")));
  }

  /**
   * The format key a format handler claims; refused when another plugin claims it already.
   *
   * @return the key, or null for a plugin that is not a format handler
   */
  private String formatKey(String name, LoadedVersion v) throws PluginLoader.LoadFailure {
    if (!v.artefact.artefact().manifest().hooks().contains(RegistryHooks.FORMAT_KEY)) {
      return null;
    }
    String key;
    try {
      key =
          RegistryHooks.of(HookTargets.of(List.of(HookTarget.of(v.plugin))), failurePolicy)
              .formatHandlers()
              .formatKeys()
              .stream()
              .findFirst()
              .orElse(null);
    } catch (dev.airlock.contract.ContractException e) {
      throw new PluginLoader.LoadFailure(
          name, v.file.getFileName() + ": format_key failed: " + e.getMessage(), e);
    }
    for (PluginEntry other : entries.values()) {
      if (!other.name.equals(name) && key != null && key.equals(other.formatKey)) {
        throw new PluginLoader.LoadFailure(
            name,
            "format key '"
                + key
                + "' of plugin '"
                + name
                + "' ("
                + v.file.getFileName()
                + ") is already claimed by plugin '"
                + other.name
                + "' ("
                + other.file.getFileName()
                + "); remove one of them",
            null);
      }
    }
    return key;
  }

  private void removed(Path file) {
    String name = owners.remove(file);
    conflicted.remove(file);
    if (name == null) {
      return;
    }
    PluginEntry entry = entries.remove(name);
    if (entry != null && entry.current != null) {
      entry.current.retire(); // closes once the calls in flight have finished
    }
    events.accept(
        new HostEvent(
            clock.instant(),
            name,
            HostEvent.Type.REMOVED,
            file.getFileName()
                + " was removed; the plugin is unloaded once its calls in flight finish"));
    for (Path waiting : new ArrayList<>(conflicted)) {
      fileChanged(waiting); // a file that lost a conflict for this name may load now
    }
  }

  private void failed(String name, Path file, String reason) {
    PluginEntry entry = entries.get(name);
    if (entry == null) {
      entry = new PluginEntry(name, file);
      entry.status = PluginStatus.FAILED;
      entries.put(name, entry);
    }
    entry.failure = reason;
    if (entry.current == null) {
      entry.status = PluginStatus.FAILED;
    }
    events.accept(
        new HostEvent(
            clock.instant(),
            name,
            HostEvent.Type.FAILED,
            reason
                + (entry.current != null
                    ? " (version "
                        + entry.current.artefact.artefact().manifest().version()
                        + " keeps serving)"
                    : "")));
  }
}
