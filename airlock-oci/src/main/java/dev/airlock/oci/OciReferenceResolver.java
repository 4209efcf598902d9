package dev.airlock.oci;

import dev.airlock.host.ReferenceResolver;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Lets a plugin host load {@code oci://} providers: pulls through the cache ({@link PluginPuller})
 * and gives the host the cached plugin file. Hand it to {@code
 * PluginHostBuilder.referenceResolver}.
 */
public final class OciReferenceResolver implements ReferenceResolver {
  private final PluginPuller puller;
  private final PullOptions options;

  /**
   * A resolver.
   *
   * @param puller the puller
   * @param options pull options (verifier, listener); {@code output} is ignored
   */
  public OciReferenceResolver(PluginPuller puller, PullOptions options) {
    this.puller = puller;
    this.options = options;
  }

  @Override
  public Path resolve(String reference) throws IOException {
    PullResult r;
    try {
      r = puller.pull(Reference.parse(reference), options);
    } catch (OciException e) {
      throw new IOException("could not fetch provider " + reference + ": " + e.getMessage(), e);
    }
    try {
      return r.loadableFile();
    } catch (OciException e) {
      throw new IOException("refused provider " + reference + ": " + e.getMessage(), e);
    }
  }
}
