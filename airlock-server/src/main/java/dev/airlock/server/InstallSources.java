package dev.airlock.server;

import dev.airlock.catalog.Fetcher;
import dev.airlock.host.PluginHost;
import dev.airlock.oci.OciCache;
import dev.airlock.oci.PluginPuller;
import dev.airlock.oci.RegistryClient;
import dev.airlock.trust.TrustRoot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds the JSON install sources (registry, git, url, oci) from the server's options. */
final class InstallSources {
  private InstallSources() {}

  static List<InstallSource> create(
      ServerOptions o, SourceOptions so, PluginHost host, DemoKeys demo)
      throws IOException, dev.airlock.AirlockException {
    Path data = o.dataDirectory();
    TrustRoot indexRoot;
    if (so.indexTrustRoot().isPresent()) {
      indexRoot = TrustRoot.load(so.indexTrustRoot().get());
    } else {
      indexRoot =
          host.settings().trustRoot().isPresent()
              ? host.settings().trustRoot().get()
              : TrustRoot.load(demo.trustRoot());
    }
    Fetcher.Builder fb = Fetcher.builder();
    so.caFile().ifPresent(fb::caFile);
    CatalogFetch fetch =
        new CatalogFetch(
            fb.build(),
            indexRoot,
            so.allowUnsignedIndex(),
            o.maxUploadBytes(),
            data.resolve("catalog"));
    List<InstallSource> sources = new ArrayList<>(CatalogSource.all(fetch, so));
    OciCache cache = new OciCache(so.ociCache().orElse(data.resolve("cache").resolve("oci")));
    sources.add(
        new OciSource(
            PluginPuller.create(RegistryClient.create(so.registry()), cache), so.ociVerifier()));
    return sources;
  }
}
