package dev.airlock.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.testing.PostgresHarness;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every {@link CatalogSidecarIT} test again on a real PostgreSQL (Debian's package, started here):
 * the sidecar columns of migration V2 written, read back after a restart, and deleted.
 */
class CatalogSidecarPostgresIT extends CatalogSidecarIT {
  static PostgresHarness pg;
  String url;

  @BeforeAll
  static void startPostgres() throws Exception {
    assumeTrue(
        PostgresHarness.binaries().isPresent(),
        "Debian's postgresql is not installed (./build test installs it)");
    pg = PostgresHarness.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @Override
  Optional<String> database() throws Exception {
    if (url == null) {
      url = pg.newDatabase();
    }
    return Optional.of(url);
  }
}
