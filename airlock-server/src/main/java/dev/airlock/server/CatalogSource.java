package dev.airlock.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.catalog.Source;
import dev.airlock.catalog.VersionRequirement;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog's sources: {@code {"source": "registry", "name", "version"?}} (a name in the
 * configured index; {@code version} is an exact version or a range such as {@code ^1.2}, the
 * highest when absent), {@code {"source": "git", "repository", "ref"}} (an {@code https}
 * repository, {@code git+} prefix optional) and {@code {"source": "url", "url"}} (an {@code
 * http(s)} URL). Fetching and the catalog's checks are {@link CatalogFetch}'s.
 */
final class CatalogSource implements InstallSource {
  private final String kind;
  private final CatalogFetch fetch;
  private final Optional<String> index;
  private final boolean allowLocalGit;

  private CatalogSource(
      String kind, CatalogFetch fetch, Optional<String> index, boolean allowLocalGit) {
    this.kind = kind;
    this.fetch = fetch;
    this.index = index;
    this.allowLocalGit = allowLocalGit;
  }

  /** The registry, git and url sources over one fetch. */
  static java.util.List<InstallSource> all(CatalogFetch fetch, SourceOptions o) {
    return java.util.List.of(
        new CatalogSource("registry", fetch, o.index(), false),
        new CatalogSource("git", fetch, Optional.empty(), o.allowLocalGit()),
        new CatalogSource("url", fetch, Optional.empty(), false));
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public String policyName() {
    return kind;
  }

  @Override
  public Staged fetch(JsonNode request, Path staging) {
    Source source =
        switch (kind) {
          case "registry" -> registry(request);
          case "git" -> git(request);
          default -> url(request);
        };
    return fetch.fetch(kind, source, staging);
  }

  private Source registry(JsonNode request) {
    String name = required(request, "name");
    JsonNode v = request.path("version");
    if (!v.isMissingNode() && !v.isNull() && !v.isTextual()) {
      throw ApiException.badRequest(
          "source 'registry': 'version' must be a string (1.2.0, ^1.2, >=1.0 <2), or absent");
    }
    if (index.isEmpty()) {
      throw new ApiException(
          422,
          "source_unavailable",
          "source 'registry' needs a catalog index and none is configured: start the server with"
              + " --index PATH|URL (or AIRLOCK_INDEX)",
          Map.of("source", kind));
    }
    try {
      return new Source.Registry(
          index.get(), name, VersionRequirement.parse(v.isTextual() ? v.asText() : ""));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("source 'registry': " + e.getMessage());
    }
  }

  private Source git(JsonNode request) {
    String repository = required(request, "repository");
    String ref = required(request, "ref");
    String url = repository.startsWith("git+") ? repository.substring(4) : repository;
    URI uri = uri(url);
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("file") && allowLocalGit)) {
      throw ApiException.unprocessable(
          "source_refused",
          "git repository "
              + Ids.show(repository)
              + " is refused: only https:// repositories are cloned");
    }
    return new Source.Git(uri, ref);
  }

  private Source url(JsonNode request) {
    String text = required(request, "url");
    URI uri = uri(text);
    String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      throw ApiException.unprocessable(
          "source_refused",
          "url "
              + Ids.show(text)
              + " is refused: an install URL is http:// or https:// with a host");
    }
    return new Source.Url(uri);
  }

  private URI uri(String text) {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      throw ApiException.badRequest(
          "source '" + kind + "': " + Ids.show(text) + " is not a URL: " + e.getReason());
    }
  }

  static String required(JsonNode request, String field) {
    JsonNode n = request.path(field);
    if (!n.isTextual() || n.asText().isBlank()) {
      throw ApiException.badRequest(
          "source '"
              + request.path("source").asText()
              + "' needs the field '"
              + field
              + "' (a non-empty string)");
    }
    return n.asText();
  }
}
