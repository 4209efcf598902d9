package dev.airlock.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.testing.PostgresHarness;
import java.sql.DriverManager;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Every {@link CatalogSidecarIT} test again on a real PostgreSQL (Debian's package, started here):
 * the sidecar columns of migration V2 written, read back after a restart, and deleted.
 */
class CatalogSidecarPostgresIT extends CatalogSidecarIT {
  static PostgresHarness pg;
  static final AtomicInteger DATABASES = new AtomicInteger();
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
      String db = "s" + DATABASES.incrementAndGet();
      try (var c = DriverManager.getConnection(pg.jdbcUrl());
          var st = c.createStatement()) {
        st.execute("CREATE DATABASE " + db);
      }
      url = pg.jdbcUrl().replace("/airlock?", "/" + db + "?");
    }
    return Optional.of(url);
  }
}
