package dev.airlock.oci.sign;

import dev.airlock.host.ReferenceResolver;
import dev.airlock.oci.OciException;
import dev.airlock.oci.PluginPuller;
import dev.airlock.oci.PullOptions;
import dev.airlock.oci.PullResult;
import dev.airlock.oci.Reference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A host's {@code oci://} resolver under a signature policy: pulls through the cache, and when the
 * registry now serves content the policy refuses, keeps serving the version cached before (verified
 * again from its recorded signatures, offline) and says so; with nothing cached the provider is
 * refused with the reason.
 */
public final class KeepServingResolver implements ReferenceResolver {
  private final PluginPuller puller;
  private final PullOptions options;
  private final Consumer<String> warnings;

  /**
   * A resolver.
   *
   * @param puller the puller
   * @param options pull options with the verifier
   * @param warnings told when a refused version is replaced by the cached one
   */
  public KeepServingResolver(PluginPuller puller, PullOptions options, Consumer<String> warnings) {
    this.puller = puller;
    this.options = options;
    this.warnings = warnings;
  }

  @Override
  public Path resolve(String reference) throws IOException {
    Reference ref;
    try {
      ref = Reference.parse(reference);
    } catch (OciException e) {
      throw new IOException(e.getMessage(), e);
    }
    PullResult pulled;
    try {
      pulled = puller.pull(ref, options);
    } catch (OciException e) {
      if (e.kind() != OciException.Kind.VERIFICATION) {
        throw new IOException("could not fetch provider " + reference + ": " + e.getMessage(), e);
      }
      Optional<PullResult> previous;
      try {
        previous = puller.cachedCopy(ref, options);
      } catch (OciException again) {
        previous = Optional.empty();
      }
      if (previous.isEmpty()) {
        throw new IOException("refused provider " + reference + ": " + e.getMessage(), e);
      }
      warnings.accept(
          "refused the current content of "
              + reference
              + " ("
              + e.getMessage()
              + "); keeping the verified version "
              + previous.get().manifestDigest());
      return loadable(reference, previous.get());
    }
    return loadable(reference, pulled);
  }

  private static Path loadable(String reference, PullResult r) throws IOException {
    try {
      return r.loadableFile();
    } catch (OciException e) {
      throw new IOException("refused provider " + reference + ": " + e.getMessage(), e);
    }
  }
}
