package dev.airlock.oci;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A reference to content in a registry, in the docker reference grammar: {@code
 * [host[:port]/]path[:tag][@digest]}, optionally prefixed with {@code oci://}. A first component is
 * a host when it contains a dot or a colon or is {@code localhost}; otherwise the registry is
 * {@code docker.io} and a one-component path gets {@code library/}. Without tag and digest the tag
 * is {@code latest}.
 *
 * @param repository the registry and repository
 * @param tag the tag, if any
 * @param digest the digest, if pinned; a pinned reference is never re-resolved
 */
public record Reference(Repository repository, Optional<String> tag, Optional<Digest> digest) {
  /** The optional scheme prefix. */
  public static final String SCHEME = "oci://";

  private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern HOST =
      Pattern.compile(
          "(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
              + "|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");
  private static final int MAX_NAME = 255;

  /** Checks that there is a tag or a digest. */
  public Reference {
    if (repository == null || tag == null || digest == null) {
      throw new IllegalArgumentException("reference parts should not be null");
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      throw new IllegalArgumentException("a reference needs a tag or a digest");
    }
  }

  /**
   * Parses a reference.
   *
   * @param text e.g. {@code oci://localhost:5000/plugins/greeter:1.0} or {@code alpine}
   * @return the reference
   * @throws OciException ({@link OciException.Kind#INVALID_REFERENCE}) naming what is wrong
   */
  public static Reference parse(String text) throws OciException {
    if (text == null || text.isBlank()) {
      throw invalid(String.valueOf(text), "it is empty");
    }
    String s = text.startsWith(SCHEME) ? text.substring(SCHEME.length()) : text;
    if (s.contains("://")) {
      throw invalid(text, "only the oci:// scheme is understood");
    }
    Optional<Digest> digest = Optional.empty();
    int at = s.indexOf('@');
    if (at >= 0) {
      try {
        digest = Optional.of(Digest.parse(s.substring(at + 1)));
      } catch (IllegalArgumentException e) {
        throw invalid(text, e.getMessage());
      }
      s = s.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int slash = s.lastIndexOf('/');
    int colon = s.lastIndexOf(':');
    if (colon > slash) {
      String t = s.substring(colon + 1);
      if (!TAG.matcher(t).matches()) {
        throw invalid(
            text, "tag '" + t + "' should be 1-128 of A-Z a-z 0-9 _ . - and not start with . or -");
      }
      tag = Optional.of(t);
      s = s.substring(0, colon);
    }
    String registry = "docker.io";
    String path = s;
    int first = s.indexOf('/');
    if (first > 0) {
      String head = s.substring(0, first);
      if (head.contains(".") || head.contains(":") || head.equals("localhost")) {
        if (!HOST.matcher(head).matches()) {
          throw invalid(text, "registry host '" + head + "' is not a host[:port]");
        }
        registry = head.equals("index.docker.io") ? "docker.io" : head;
        path = s.substring(first + 1);
      }
    }
    if (registry.equals("docker.io") && !path.contains("/")) {
      path = "library/" + path;
    }
    if (path.length() > MAX_NAME) {
      throw invalid(text, "the repository name is longer than " + MAX_NAME + " characters");
    }
    for (String c : path.split("/", -1)) {
      if (!COMPONENT.matcher(c).matches()) {
        throw invalid(
            text,
            "path component '"
                + c
                + "' should be lowercase letters and digits, separated by . _ __ or -");
      }
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = Optional.of("latest");
    }
    return new Reference(new Repository(registry, path), tag, digest);
  }

  /**
   * Whether a string names a registry reference (starts with {@code oci://}).
   *
   * @param text the text
   * @return true for {@code oci://…}
   */
  public static boolean isOci(String text) {
    return text != null && text.startsWith(SCHEME);
  }

  /**
   * The same repository pinned to a digest (the tag kept for display).
   *
   * @param d the digest
   * @return the pinned reference
   */
  public Reference withDigest(Digest d) {
    return new Reference(repository, tag, Optional.of(d));
  }

  /**
   * The same repository at another tag, without a digest.
   *
   * @param t the tag
   * @return the reference
   */
  public Reference withTag(String t) {
    return new Reference(repository, Optional.of(t), Optional.empty());
  }

  /**
   * What to ask the registry for: the digest when pinned, else the tag.
   *
   * @return a digest string or a tag
   */
  public String identifier() {
    return digest.map(Digest::toString).orElseGet(tag::get);
  }

  /**
   * Whether the reference is pinned to a digest.
   *
   * @return true when pinned
   */
  public boolean pinned() {
    return digest.isPresent();
  }

  /** {@code registry/name[:tag][@digest]}, without the scheme. */
  @Override
  public String toString() {
    return repository + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }

  private static OciException invalid(String text, String why) {
    return new OciException(
        OciException.Kind.INVALID_REFERENCE,
        "invalid reference '"
            + Digest.shown(text)
            + "': "
            + why
            + " (expected [oci://][host[:port]/]path[:tag][@sha256:<hex>])");
  }
}
