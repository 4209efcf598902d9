package dev.airlock.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * A source this build cannot fetch from yet: registry, git and url come with the catalog, oci with
 * the OCI client. Answers 422 saying so, after checking the request's fields.
 */
final class UnavailableSource implements InstallSource {
  private final String kind;
  private final String policyName;
  private final java.util.List<String> required;
  private final String comesWith;

  UnavailableSource(
      String kind, String policyName, java.util.List<String> required, String comesWith) {
    this.kind = kind;
    this.policyName = policyName;
    this.required = required;
    this.comesWith = comesWith;
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public String policyName() {
    return policyName;
  }

  @Override
  public Staged fetch(JsonNode request, Path staging) {
    for (String field : required) {
      if (!request.path(field).isTextual() || request.path(field).asText().isBlank()) {
        throw ApiException.badRequest(
            "source '" + kind + "' needs the field '" + field + "' (a non-empty string)");
      }
    }
    throw new ApiException(
        422,
        "source_unavailable",
        "source '"
            + kind
            + "' is not available in this build: installing from it comes with "
            + comesWith
            + "; install by upload (multipart field 'file') or from the examples meanwhile",
        Map.of("source", kind));
  }

  static java.util.List<InstallSource> all() {
    return java.util.List.of(
        new UnavailableSource(
            "registry", "registry", java.util.List.of("name"), "the plugin catalog (issue #5)"),
        new UnavailableSource(
            "git", "git", java.util.List.of("repository", "ref"), "the plugin catalog (issue #5)"),
        new UnavailableSource(
            "url", "url", java.util.List.of("url"), "the plugin catalog (issue #5)"),
        new UnavailableSource(
            "oci", "oci", java.util.List.of("reference"), "the OCI client (issue #6)"));
  }
}
