package dev.airlock.contract;

import dev.airlock.contract.Dispatcher.Decoder;
import dev.airlock.contract.Dispatcher.Reply;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The format handlers found by {@link RegistryHooks#formatHandlers()}: one plugin per format key. A
 * handler serves {@code format_key}, {@code parse_metadata}, {@code validate} and {@code
 * generate_index}; each call goes to the one plugin that claimed the key.
 *
 * <p>Immutable and thread-safe: a snapshot of the claims at discovery.
 */
public final class FormatHandlers {
  private final Dispatcher dispatcher;
  private final Map<String, HookTarget> byKey;
  private final List<HookFailure> failures;

  private FormatHandlers(
      Dispatcher dispatcher, Map<String, HookTarget> byKey, List<HookFailure> failures) {
    this.dispatcher = dispatcher;
    this.byKey = Collections.unmodifiableMap(new TreeMap<>(byKey));
    this.failures = List.copyOf(failures);
  }

  static FormatHandlers discover(Dispatcher dispatcher) throws ContractException {
    Trace trace = new Trace();
    Map<String, List<String>> claims = new TreeMap<>();
    Map<String, HookTarget> byKey = new TreeMap<>();
    for (HookTarget t : dispatcher.targets(RegistryHooks.FORMAT_KEY)) {
      Reply<String> r =
          trace.add(
              dispatcher.call(
                  t, RegistryHooks.FORMAT_KEY, new byte[0], RegistryReplies::formatKey));
      if (r.failedClosed()) {
        throw trace.failedClosed(r.failure());
      }
      if (!r.failed()) {
        claims.computeIfAbsent(r.value(), k -> new ArrayList<>()).add(t.name());
        byKey.putIfAbsent(r.value(), t);
      }
    }
    for (Map.Entry<String, List<String>> claim : claims.entrySet()) {
      if (claim.getValue().size() > 1) {
        throw new FormatKeyConflictException(claim.getKey(), claim.getValue());
      }
    }
    return new FormatHandlers(dispatcher, byKey, trace.failures());
  }

  /**
   * The format keys that have a handler.
   *
   * @return the keys, sorted
   */
  public Set<String> formatKeys() {
    return byKey.keySet();
  }

  /**
   * The plugin handling a format.
   *
   * @param formatKey the key, e.g. {@code wasm}
   * @return the plugin's name, or empty when no plugin claimed the key
   */
  public Optional<String> handler(String formatKey) {
    return Optional.ofNullable(byKey.get(formatKey)).map(HookTarget::name);
  }

  /**
   * The {@code format_key} calls that failed open at discovery: those plugins handle no format.
   *
   * @return the failures, possibly empty
   */
  public List<HookFailure> failures() {
    return failures;
  }

  /**
   * Reads an artifact's metadata with the format's handler.
   *
   * @param formatKey the format
   * @param path the artifact's path
   * @param data the artifact's bytes (sent as the envelope payload)
   * @return parsed or refused; refused when the handler failed closed, {@linkplain
   *     ArtifactMetadata#generic generic metadata} when it failed open
   * @throws IllegalArgumentException when no plugin handles {@code formatKey}
   */
  public HookOutcome<ParseResult> parseMetadata(String formatKey, String path, byte[] data) {
    return one(
        formatKey,
        RegistryHooks.PARSE_METADATA,
        RegistryJson.pathEnvelope(path, data),
        RegistryReplies::parseMetadata,
        new ParseResult.Parsed(ArtifactMetadata.generic(path, data.length)),
        f -> new ParseResult.Refused(Dispatcher.closedReason(f)));
  }

  /**
   * Checks an artifact is well-formed for its format.
   *
   * @param formatKey the format
   * @param path the artifact's path
   * @param data the artifact's bytes
   * @return the check; invalid when the handler failed closed, valid when it failed open
   * @throws IllegalArgumentException when no plugin handles {@code formatKey}
   */
  public HookOutcome<FormatCheck> validate(String formatKey, String path, byte[] data) {
    return one(
        formatKey,
        RegistryHooks.VALIDATE,
        RegistryJson.pathEnvelope(path, data),
        RegistryReplies::validate,
        FormatCheck.VALID,
        f -> FormatCheck.invalid(Dispatcher.closedReason(f)));
  }

  /**
   * Writes a repository's index files with the format's handler.
   *
   * @param formatKey the format
   * @param artifacts the repository's artifacts
   * @return the files, possibly none; none when the handler failed open
   * @throws HookFailedException when the handler failed closed: keep the previous index
   * @throws IllegalArgumentException when no plugin handles {@code formatKey}
   */
  public HookOutcome<List<IndexFile>> generateIndex(
      String formatKey, List<ArtifactMetadata> artifacts) throws HookFailedException {
    HookTarget t = target(formatKey);
    Trace trace = new Trace();
    Reply<List<IndexFile>> r =
        trace.add(
            dispatcher.call(
                t,
                RegistryHooks.GENERATE_INDEX,
                RegistryJson.index(artifacts),
                RegistryReplies::generateIndex));
    if (r.failedClosed()) {
      throw trace.failedClosed(r.failure());
    }
    return r.failed() ? trace.outcome(List.of(), null) : trace.outcome(r.value(), t.name());
  }

  private <T> HookOutcome<T> one(
      String formatKey,
      String hook,
      byte[] input,
      Decoder<T> decoder,
      T open,
      java.util.function.Function<HookFailure, T> closed) {
    HookTarget t = target(formatKey);
    Trace trace = new Trace();
    Reply<T> r = trace.add(dispatcher.call(t, hook, input, decoder));
    if (!r.failed()) {
      return trace.outcome(r.value(), t.name());
    }
    return r.failedClosed()
        ? trace.outcome(closed.apply(r.failure()), t.name())
        : trace.outcome(open, null);
  }

  private HookTarget target(String formatKey) {
    HookTarget t = byKey.get(formatKey);
    if (t == null) {
      throw new IllegalArgumentException(
          "formatKey: no plugin handles format '"
              + formatKey
              + "' (formats: "
              + byKey.keySet()
              + ")");
    }
    return t;
  }
}
