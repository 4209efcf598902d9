package dev.airlock.server;

import dev.airlock.oci.PullVerifier;
import dev.airlock.oci.RegistryConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the JSON install sources fetch from: the catalog index ({@code registry}), how its
 * signature is trusted, and the OCI registry client and cache ({@code oci}). {@code git} and {@code
 * url} need nothing here. {@code airlock serve} builds this from flags, then the environment
 * ({@link #fromEnvironment}).
 *
 * @param index the catalog's {@code index.json}, a path or an {@code http(s)} URL; empty: {@code
 *     {"source": "registry"}} answers 422 saying none is configured
 * @param indexTrustRoot a directory of {@code *.pub} keys the index must be signed by; empty: the
 *     keys artefacts are verified with (the host's trust root, else the demo trust root)
 * @param allowUnsignedIndex use an index without a checked {@code index.json.sig}
 * @param caFile extra CA certificates for https downloads
 * @param allowLocalGit accept {@code file:} git repositories (tests, a mirror on the same machine);
 *     otherwise only {@code https} repositories are cloned
 * @param ociCache the OCI cache; empty: {@code DATA/cache/oci}
 * @param registry the OCI registry client's settings (credentials, CA files, insecure hosts)
 */
public record SourceOptions(
    Optional<String> index,
    Optional<Path> indexTrustRoot,
    boolean allowUnsignedIndex,
    Optional<Path> caFile,
    boolean allowLocalGit,
    Optional<Path> ociCache,
    RegistryConfig registry,
    PullVerifier ociVerifier) {
  /** Checks for nulls. */
  public SourceOptions {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(indexTrustRoot, "indexTrustRoot");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(ociCache, "ociCache");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(ociVerifier, "ociVerifier");
  }

  /**
   * No index, signed indexes only, https git only, the data directory's OCI cache, a registry
   * client without credentials.
   *
   * @return the defaults
   */
  public static SourceOptions defaults() {
    return new SourceOptions(
        Optional.empty(),
        Optional.empty(),
        false,
        Optional.empty(),
        false,
        Optional.empty(),
        RegistryConfig.builder().build(),
        PullVerifier.NONE);
  }

  /**
   * Reads {@code AIRLOCK_INDEX}, {@code AIRLOCK_INDEX_TRUST_ROOT}, {@code
   * AIRLOCK_ALLOW_UNSIGNED_INDEX} ({@code true}/{@code false}), {@code AIRLOCK_CA_FILE}, {@code
   * AIRLOCK_OCI_CACHE}, and the registry settings of {@link RegistryConfig#fromEnvironment} (Docker
   * and {@code airlock registry login} credentials, {@code AIRLOCK_INSECURE_REGISTRIES}). Empty
   * variables count as unset.
   *
   * @param env the environment
   * @return the options
   * @throws IllegalArgumentException when {@code AIRLOCK_ALLOW_UNSIGNED_INDEX} is not a boolean
   */
  public static SourceOptions fromEnvironment(Map<String, String> env) {
    return new SourceOptions(
        text(env, "AIRLOCK_INDEX"),
        text(env, "AIRLOCK_INDEX_TRUST_ROOT").map(Path::of),
        bool(env, "AIRLOCK_ALLOW_UNSIGNED_INDEX"),
        text(env, "AIRLOCK_CA_FILE").map(Path::of),
        false,
        text(env, "AIRLOCK_OCI_CACHE").map(Path::of),
        RegistryConfig.fromEnvironment(env).build(),
        PullVerifier.NONE);
  }

  /**
   * @param location the index (path or URL)
   * @return a copy with it
   */
  public SourceOptions withIndex(String location) {
    return new SourceOptions(
        Optional.of(location),
        indexTrustRoot,
        allowUnsignedIndex,
        caFile,
        allowLocalGit,
        ociCache,
        registry,
        ociVerifier);
  }

  /**
   * @param dir the index trust root
   * @return a copy with it
   */
  public SourceOptions withIndexTrustRoot(Path dir) {
    return new SourceOptions(
        index,
        Optional.of(dir),
        allowUnsignedIndex,
        caFile,
        allowLocalGit,
        ociCache,
        registry,
        ociVerifier);
  }

  /**
   * @param allow whether an unsigned index may be used
   * @return a copy with it
   */
  public SourceOptions withAllowUnsignedIndex(boolean allow) {
    return new SourceOptions(
        index, indexTrustRoot, allow, caFile, allowLocalGit, ociCache, registry, ociVerifier);
  }

  /**
   * @param allow whether {@code file:} git repositories are accepted
   * @return a copy with it
   */
  public SourceOptions withAllowLocalGit(boolean allow) {
    return new SourceOptions(
        index, indexTrustRoot, allowUnsignedIndex, caFile, allow, ociCache, registry, ociVerifier);
  }

  /**
   * @param dir the OCI cache
   * @return a copy with it
   */
  public SourceOptions withOciCache(Path dir) {
    return new SourceOptions(
        index,
        indexTrustRoot,
        allowUnsignedIndex,
        caFile,
        allowLocalGit,
        Optional.of(dir),
        registry,
        ociVerifier);
  }

  /**
   * @param config the registry client's settings
   * @return a copy with it
   */
  public SourceOptions withRegistry(RegistryConfig config) {
    return new SourceOptions(
        index,
        indexTrustRoot,
        allowUnsignedIndex,
        caFile,
        allowLocalGit,
        ociCache,
        config,
        ociVerifier);
  }

  /**
   * @param verifier the signature check of {@code oci} installs (the settings' {@code [oci]}
   *     policy), run between resolving the reference and trusting its content
   * @return a copy with it
   */
  public SourceOptions withOciVerifier(PullVerifier verifier) {
    return new SourceOptions(
        index,
        indexTrustRoot,
        allowUnsignedIndex,
        caFile,
        allowLocalGit,
        ociCache,
        registry,
        verifier);
  }

  private static Optional<String> text(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(s -> !s.isEmpty());
  }

  private static boolean bool(Map<String, String> env, String name) {
    Optional<String> v = text(env, name);
    if (v.isEmpty()) {
      return false;
    }
    return switch (v.get().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default ->
          throw new IllegalArgumentException(
              name + " must be true or false, got '" + v.get() + "'");
    };
  }
}
