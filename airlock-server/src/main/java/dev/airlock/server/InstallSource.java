package dev.airlock.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * Where a JSON install request ({@code {"source": "...", ...}}) fetches its plugin from. Every
 * source only fetches: verification is the installer's, the same for all of them. The catalog's
 * registry/git/url installers and the OCI client plug in here.
 */
interface InstallSource {
  /**
   * @return the value of {@code source} this handles, e.g. {@code oci}
   */
  String kind();

  /**
   * @return the {@code allowed_sources} entry this counts as (file, oci, registry, git, url)
   */
  String policyName();

  /**
   * Fetches the plugin into {@code staging}.
   *
   * @param request the JSON request
   * @param staging an empty directory the caller deletes afterwards
   * @return the staged file
   * @throws ApiException 400 for a malformed request, 422 when the source refuses or is not
   *     available
   */
  Staged fetch(JsonNode request, Path staging);
}
