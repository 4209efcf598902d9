package dev.airlock.artefact;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version, ordered by semver precedence (build metadata ignored).
 *
 * @param major major version
 * @param minor minor version
 * @param patch patch version
 * @param preRelease pre-release identifiers without the leading {@code -}, or empty
 * @param build build metadata without the leading {@code +}, or empty
 */
public record SemanticVersion(long major, long minor, long patch, String preRelease, String build)
    implements Comparable<SemanticVersion> {

  private static final String NUM = "0|[1-9]\\d{0,17}";
  private static final String PRE_ID = "(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)";
  private static final Pattern SEMVER =
      Pattern.compile(
          "("
              + NUM
              + ")\\.("
              + NUM
              + ")\\.("
              + NUM
              + ")"
              + "(?:-("
              + PRE_ID
              + "(?:\\."
              + PRE_ID
              + ")*))?"
              + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?");

  /** Validates the parts. */
  public SemanticVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version numbers must not be negative");
    }
    preRelease = preRelease == null ? "" : preRelease;
    build = build == null ? "" : build;
  }

  /**
   * Parses a semver string such as {@code 1.2.3}, {@code 1.0.0-rc.1} or {@code 2.0.0+build.5}.
   *
   * @param text the version text
   * @return the version
   * @throws IllegalArgumentException when {@code text} is not a semantic version
   */
  public static SemanticVersion parse(String text) {
    if (text == null || text.length() > 128) {
      throw new IllegalArgumentException("version should be a semantic version like 1.2.3");
    }
    Matcher m = SEMVER.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "version should be a semantic version like 1.2.3, got '%s'", text));
    }
    return new SemanticVersion(
        Long.parseLong(m.group(1)),
        Long.parseLong(m.group(2)),
        Long.parseLong(m.group(3)),
        m.group(4),
        m.group(5));
  }

  @Override
  public int compareTo(SemanticVersion o) {
    int c = Long.compare(major, o.major);
    if (c == 0) {
      c = Long.compare(minor, o.minor);
    }
    if (c == 0) {
      c = Long.compare(patch, o.patch);
    }
    return c != 0 ? c : comparePreRelease(preRelease, o.preRelease);
  }

  private static int comparePreRelease(String a, String b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a.isEmpty()) {
      return 1; // a release ranks above its pre-releases
    }
    if (b.isEmpty()) {
      return -1;
    }
    String[] pa = a.split("\\.");
    String[] pb = b.split("\\.");
    for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
      int c = compareIdentifier(pa[i], pb[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(pa.length, pb.length);
  }

  private static int compareIdentifier(String a, String b) {
    boolean na = a.chars().allMatch(Character::isDigit);
    boolean nb = b.chars().allMatch(Character::isDigit);
    if (na && nb) {
      return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
    if (na != nb) {
      return na ? -1 : 1; // numeric identifiers rank below alphanumeric ones
    }
    return a.compareTo(b);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder().append(major).append('.').append(minor).append('.');
    s.append(patch);
    if (!preRelease.isEmpty()) {
      s.append('-').append(preRelease);
    }
    if (!build.isEmpty()) {
      s.append('+').append(build);
    }
    return s.toString();
  }
}
