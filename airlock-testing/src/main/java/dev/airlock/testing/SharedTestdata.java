package dev.airlock.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Real third-party signatures and bundles in {@code ../shared/testdata} (next to the project root).
 * Tests read them in place and are skipped, with a message, when the folder is absent.
 */
public final class SharedTestdata {
  private SharedTestdata() {}

  /**
   * A folder of the shared test data. Tests skip with {@link #MISSING} when it is empty.
   *
   * @param name e.g. {@code cosign-containers-image}
   * @return the folder, or empty when it is absent
   */
  public static Optional<Path> find(String name) {
    Path dir = root().resolve(name);
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  /** The message of a test skipped because the shared test data is absent. */
  public static final String MISSING =
      "shared test data (../shared/testdata) is absent; skipping tests with real third-party"
          + " signatures";

  /**
   * The shared test data root: {@code $AIRLOCK_SHARED_TESTDATA} or {@code ../shared/testdata}
   * relative to the project root.
   *
   * @return the path, which may not exist
   */
  public static Path root() {
    String env = System.getenv("AIRLOCK_SHARED_TESTDATA");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("airlock-core"))) {
      dir = dir.getParent();
    }
    Path project = dir == null ? Path.of("").toAbsolutePath() : dir;
    return project.resolveSibling("shared").resolve("testdata");
  }
}
