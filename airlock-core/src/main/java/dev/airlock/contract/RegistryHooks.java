package dev.airlock.contract;

/**
 * The artifact-registry plugin types, as Artifact Keeper documents them
 * (docs/contracts/registry.md): {@linkplain #formatHandlers() format handlers}, {@linkplain
 * #metadataExtractors() metadata extractors}, {@linkplain #validationHooks() validation hooks} and
 * {@linkplain #postProcessors() post-processors}. Artifact bytes travel as the payload of the
 * binary envelope, never base64.
 *
 * <p>Thread-safe.
 */
public final class RegistryHooks {
  /** Hook name: a format handler's key, e.g. {@code wasm}. Input empty, output the key's text. */
  public static final String FORMAT_KEY = "format_key";

  /** Hook name: a format handler reads an artifact's metadata. */
  public static final String PARSE_METADATA = "parse_metadata";

  /** Hook name: a format handler checks an artifact is well-formed. */
  public static final String VALIDATE = "validate";

  /** Hook name: a format handler writes a repository's index files. */
  public static final String GENERATE_INDEX = "generate_index";

  /** Hook name: a metadata extractor's key/value pairs. */
  public static final String EXTRACT = "extract";

  /** Hook name: a validation hook's verdict on an upload. */
  public static final String VALIDATE_UPLOAD = "validate_upload";

  /** Hook name: a post-processor transforms an upload. */
  public static final String PROCESS = "process";

  private final Dispatcher dispatcher;

  private RegistryHooks(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /**
   * Registry hooks over these plugins.
   *
   * @param targets the enabled plugins, in dispatch order
   * @param policy what a plugin failure does
   * @return the facade
   */
  public static RegistryHooks of(HookTargets targets, FailurePolicy policy) {
    return new RegistryHooks(new Dispatcher(targets, policy));
  }

  /**
   * Registry hooks with the {@linkplain FailurePolicy#defaults() default failure policy}.
   *
   * @param targets the enabled plugins, in dispatch order
   * @return the facade
   */
  public static RegistryHooks of(HookTargets targets) {
    return of(targets, FailurePolicy.defaults());
  }

  /**
   * Asks every plugin serving {@code format_key} for its key, now, and returns the handlers by key.
   * Call again after the set of enabled plugins changed; the returned handlers keep calling the
   * same targets, so a host's target that follows hot reloads stays current.
   *
   * @return the handlers
   * @throws FormatKeyConflictException when two plugins claim one key (the message names both)
   * @throws HookFailedException when a plugin's {@code format_key} failed under {@link
   *     FailureMode#FAIL_CLOSED} (under fail-open it is left out and listed in {@link
   *     FormatHandlers#failures()})
   */
  public FormatHandlers formatHandlers() throws ContractException {
    return FormatHandlers.discover(dispatcher);
  }

  /**
   * The metadata extractors.
   *
   * @return the facade
   */
  public MetadataExtractors metadataExtractors() {
    return new MetadataExtractors(dispatcher);
  }

  /**
   * The validation hooks.
   *
   * @return the facade
   */
  public ValidationHooks validationHooks() {
    return new ValidationHooks(dispatcher);
  }

  /**
   * The post-processors.
   *
   * @return the facade
   */
  public PostProcessors postProcessors() {
    return new PostProcessors(dispatcher);
  }
}
