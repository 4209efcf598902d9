package dev.airlock.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.oci.OciException;
import dev.airlock.oci.PluginPuller;
import dev.airlock.oci.PullOptions;
import dev.airlock.oci.PullResult;
import dev.airlock.oci.Reference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code {"source": "oci", "reference": "oci://registry/repo:tag"}} (or {@code @sha256:…}): pulled
 * with the OCI client into its verified cache, then copied into the request's staging directory,
 * where the server verifies it as it verifies an upload. With an {@code [oci]} policy in the
 * settings, the pull first checks the reference's cosign/Sigstore signatures under it. An Airlock
 * artefact stays a {@code .tar.gz} (its signature inside); a bare module is named after the
 * repository's last path segment.
 */
final class OciSource implements InstallSource {
  private final PluginPuller puller;
  private final PullOptions options;

  OciSource(PluginPuller puller, dev.airlock.oci.PullVerifier verifier) {
    this.puller = puller;
    this.options = PullOptions.defaults().withVerifier(verifier);
  }

  @Override
  public String kind() {
    return "oci";
  }

  @Override
  public String policyName() {
    return "oci";
  }

  @Override
  public Staged fetch(JsonNode request, Path staging) {
    String text = CatalogSource.required(request, "reference");
    PullResult r;
    Reference ref;
    try {
      ref = Reference.parse(text);
      r = puller.pull(ref, options);
      r.loadableFile(); // a native plugin is pulled and cached, never installed
    } catch (OciException e) {
      throw CatalogFetch.refused("oci", e.kind().name().toLowerCase(Locale.ROOT), e);
    }
    String repo = ref.repository().name();
    String name =
        r.kind().equals("airlock")
            ? "pulled.tar.gz"
            : repo.substring(repo.lastIndexOf('/') + 1) + ".wasm";
    Path file = staging.resolve(name);
    try {
      Files.copy(r.file(), file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String source = "oci:" + ref.repository() + "@" + r.manifestDigest();
    return new Staged(file, null, source);
  }
}
