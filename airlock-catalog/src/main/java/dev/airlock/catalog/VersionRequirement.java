package dev.airlock.catalog;

import dev.airlock.artefact.SemanticVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which versions an install accepts: any ({@code ""} or {@code *}), one exact version ({@code
 * 1.2.3}), or a range in the usual semver notation: {@code ^1.2} (at least 1.2.0, below 2.0.0),
 * {@code ~1.2.3} (below 1.3.0), {@code 1.x}, {@code 1.2} (= {@code 1.2.x}), and comparators joined
 * by spaces or commas ({@code >=1.0.0 <2.0.0}). Pre-releases match only an exact requirement or a
 * comparator that names a pre-release of the same major.minor.patch, as npm and Cargo do.
 *
 * <p>Immutable and thread-safe.
 */
public final class VersionRequirement {
  private static final Pattern PARTIAL =
      Pattern.compile(
          "(0|[1-9]\\d{0,17})(?:\\.(0|[1-9]\\d{0,17}|[xX*]))?(?:\\.(0|[1-9]\\d{0,17}|[xX*]))?");
  private static final Pattern COMPARATOR = Pattern.compile("(>=|<=|>|<|=)?(.+)");

  private record Bound(SemanticVersion version, boolean inclusive) {}

  private final String text;
  private final Optional<SemanticVersion> exact;
  private final List<Bound> lower;
  private final List<Bound> upper;

  private VersionRequirement(
      String text, Optional<SemanticVersion> exact, List<Bound> lower, List<Bound> upper) {
    this.text = text;
    this.exact = exact;
    this.lower = List.copyOf(lower);
    this.upper = List.copyOf(upper);
  }

  /**
   * Any version: the highest release wins (a pre-release only when there is no release).
   *
   * @return the requirement
   */
  public static VersionRequirement any() {
    return new VersionRequirement("", Optional.empty(), List.of(), List.of());
  }

  /**
   * Parses a requirement.
   *
   * @param text an exact version, a range, or empty / {@code *} for any
   * @return the requirement
   * @throws IllegalArgumentException naming the accepted forms when {@code text} is none of them
   */
  public static VersionRequirement parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty() || t.equals("*")) {
      return any();
    }
    if (t.length() > 256) {
      throw bad(t.substring(0, 32) + "…");
    }
    try {
      return new VersionRequirement(t, Optional.of(SemanticVersion.parse(t)), List.of(), List.of());
    } catch (IllegalArgumentException notExact) {
      // a range
    }
    List<Bound> lower = new ArrayList<>();
    List<Bound> upper = new ArrayList<>();
    for (String part : t.split("[,\\s]+")) {
      comparator(part, t, lower, upper);
    }
    return new VersionRequirement(t, Optional.empty(), lower, upper);
  }

  private static void comparator(String part, String all, List<Bound> lower, List<Bound> upper) {
    if (part.startsWith("^") || part.startsWith("~")) {
      long[] p = partial(part.substring(1), all);
      SemanticVersion from =
          new SemanticVersion(p[0], Math.max(p[1], 0), Math.max(p[2], 0), "", "");
      SemanticVersion below;
      if (part.startsWith("~")) {
        below = p[1] < 0 ? v(p[0] + 1, 0) : v(p[0], p[1] + 1);
      } else if (p[0] > 0 || p[1] < 0) {
        below = v(p[0] + 1, 0);
      } else if (p[1] > 0 || p[2] < 0) {
        below = v(0, p[1] + 1);
      } else {
        below = new SemanticVersion(0, 0, p[2] + 1, "", "");
      }
      lower.add(new Bound(from, true));
      upper.add(new Bound(below, false));
      return;
    }
    Matcher m = COMPARATOR.matcher(part);
    if (!m.matches()) {
      throw bad(all);
    }
    String op = m.group(1) == null ? "=" : m.group(1);
    SemanticVersion full = fullOrNull(m.group(2));
    if (full != null) {
      switch (op) {
        case ">=" -> lower.add(new Bound(full, true));
        case ">" -> lower.add(new Bound(full, false));
        case "<=" -> upper.add(new Bound(full, true));
        case "<" -> upper.add(new Bound(full, false));
        default -> {
          lower.add(new Bound(full, true));
          upper.add(new Bound(full, true));
        }
      }
      return;
    }
    long[] p = partial(m.group(2), all);
    SemanticVersion floor = new SemanticVersion(p[0], Math.max(p[1], 0), 0, "", "");
    SemanticVersion next = p[1] < 0 ? v(p[0] + 1, 0) : v(p[0], p[1] + 1);
    switch (op) {
      case ">=" -> lower.add(new Bound(floor, true));
      case ">" -> lower.add(new Bound(next, true));
      case "<=" -> upper.add(new Bound(next, false));
      case "<" -> upper.add(new Bound(floor, false));
      default -> {
        lower.add(new Bound(floor, true));
        upper.add(new Bound(next, false));
      }
    }
  }

  private static SemanticVersion fullOrNull(String s) {
    try {
      return SemanticVersion.parse(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** major, minor, patch; -1 for a missing or wildcard part. */
  private static long[] partial(String s, String all) {
    Matcher m = PARTIAL.matcher(s);
    if (!m.matches()) {
      throw bad(all);
    }
    long[] out = new long[3];
    for (int i = 0; i < 3; i++) {
      String g = m.group(i + 1);
      out[i] = g == null || g.equalsIgnoreCase("x") || g.equals("*") ? -1 : Long.parseLong(g);
    }
    if (out[1] < 0 && out[2] >= 0) {
      throw bad(all);
    }
    return out;
  }

  private static SemanticVersion v(long major, long minor) {
    return new SemanticVersion(major, minor, 0, "", "");
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "version requirement should be a version (1.2.3), a range (^1.2, ~1.2.3, 1.x,"
                + " >=1.0.0 <2.0.0) or empty for the latest, got '%s'",
            text));
  }

  /**
   * Whether {@code version} satisfies this requirement.
   *
   * @param version a candidate
   * @return true when it matches
   */
  public boolean matches(SemanticVersion version) {
    if (exact.isPresent()) {
      return exact.get().compareTo(version) == 0;
    }
    if (!version.preRelease().isEmpty() && !allowsPreReleaseOf(version)) {
      return false;
    }
    for (Bound b : lower) {
      int c = version.compareTo(b.version());
      if (c < 0 || c == 0 && !b.inclusive()) {
        return false;
      }
    }
    for (Bound b : upper) {
      int c = version.compareTo(b.version());
      if (c > 0 || c == 0 && !b.inclusive()) {
        return false;
      }
    }
    return true;
  }

  private boolean allowsPreReleaseOf(SemanticVersion v) {
    if (lower.isEmpty() && upper.isEmpty()) {
      return true; // "any": pre-releases are ranked below releases by the resolver instead
    }
    return java.util.stream.Stream.concat(lower.stream(), upper.stream())
        .map(Bound::version)
        .anyMatch(
            b ->
                !b.preRelease().isEmpty()
                    && b.major() == v.major()
                    && b.minor() == v.minor()
                    && b.patch() == v.patch());
  }

  /**
   * Whether this is "any version".
   *
   * @return true for {@link #any()}
   */
  public boolean isAny() {
    return exact.isEmpty() && lower.isEmpty() && upper.isEmpty();
  }

  /**
   * Whether this names one exact version.
   *
   * @return true for an exact version
   */
  public boolean isExact() {
    return exact.isPresent();
  }

  /** The requirement as written ({@code ""} for any). */
  @Override
  public String toString() {
    return text;
  }
}
