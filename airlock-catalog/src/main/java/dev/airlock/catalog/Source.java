package dev.airlock.catalog;

import dev.airlock.artefact.Manifest;
import dev.airlock.catalog.CatalogException.Reason;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Where an install comes from: a name in a registry index, a local file, an {@code http(s)} URL, or
 * a git repository at a ref.
 */
public sealed interface Source {
  /**
   * A plugin in a registry index.
   *
   * @param index the index location (path or URL)
   * @param name the plugin name
   * @param requirement which versions are acceptable
   */
  record Registry(String index, String name, VersionRequirement requirement) implements Source {
    /** Checks the fields. */
    public Registry {
      Objects.requireNonNull(index, "index");
      Manifest.checkName(name);
      Objects.requireNonNull(requirement, "requirement");
    }
  }

  /**
   * A local {@code .tar.gz}, {@code .zip} or {@code .wasm}; its {@code .sig} sidecar comes along.
   *
   * @param file the file
   */
  record LocalFile(Path file) implements Source {
    /** Checks the field. */
    public LocalFile {
      Objects.requireNonNull(file, "file");
    }
  }

  /**
   * An artefact at an {@code http(s)} URL; a {@code .sig} beside it (by the sidecar convention) is
   * fetched when present.
   *
   * @param uri the URL
   */
  record Url(URI uri) implements Source {
    /** Checks the field. */
    public Url {
      Objects.requireNonNull(uri, "uri");
    }
  }

  /**
   * A git repository, cloned shallow at {@code ref}, holding {@code plugin.toml} and a module in
   * the plugin zip layout.
   *
   * @param repository the repository URL ({@code https:}, or {@code file:} where the fetcher allows
   *     it)
   * @param ref a branch, tag or commit
   */
  record Git(URI repository, String ref) implements Source {
    /** Checks the fields. */
    public Git {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(ref, "ref");
    }
  }

  /**
   * Reads what a user typed: {@code git+https://host/repo.git#REF}, an {@code https://} or {@code
   * http://} URL, {@code NAME[@VERSION|@RANGE]} when an index is given, or a local path.
   *
   * @param spec the text
   * @param index the index location, or {@code null} when none was given
   * @return the source
   * @throws CatalogException when the text is none of these
   */
  static Source parse(String spec, String index) throws CatalogException {
    if (spec == null || spec.isBlank() || spec.startsWith("-")) {
      throw new CatalogException(
          Reason.BAD_SOURCE,
          "install source should be NAME[@VERSION], a path, a URL or git+https://…#REF, got '"
              + spec
              + "'");
    }
    String lower = spec.toLowerCase(Locale.ROOT);
    if (lower.startsWith("git+")) {
      int hash = spec.lastIndexOf('#');
      if (hash < 0 || hash == spec.length() - 1) {
        throw new CatalogException(
            Reason.BAD_SOURCE,
            "git source '" + spec + "' names no ref; write git+https://host/repo.git#REF");
      }
      String url = spec.substring(4, hash);
      if (url.startsWith("-") || url.contains("::")) {
        throw new CatalogException(
            Reason.BAD_SOURCE,
            "git URL '" + url + "' is refused: it could be read as an option or a transport");
      }
      return new Git(Locations.toUri(url), spec.substring(hash + 1));
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      return new Url(Locations.toUri(spec));
    }
    if (index != null && spec.matches("[a-z][a-z0-9_-]{0,127}(@.*)?")) {
      int at = spec.indexOf('@');
      String name = at < 0 ? spec : spec.substring(0, at);
      String req = at < 0 ? "" : spec.substring(at + 1);
      try {
        return new Registry(index, name, VersionRequirement.parse(req));
      } catch (IllegalArgumentException e) {
        throw new CatalogException(Reason.BAD_SOURCE, e.getMessage());
      }
    }
    if (lower.startsWith("file:")) {
      return new LocalFile(Path.of(Locations.toUri(spec)));
    }
    if (lower.matches("^[a-z][a-z0-9+.-]+:.*") && !lower.matches("^[a-z]:[\\\\/].*")) {
      throw new CatalogException(
          Reason.BAD_SOURCE,
          "scheme of '"
              + spec
              + "' is not supported (use a path, http(s)://, file: or git+https://)");
    }
    return new LocalFile(Path.of(spec));
  }
}
