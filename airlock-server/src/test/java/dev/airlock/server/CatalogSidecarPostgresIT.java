package dev.airlock.server;

import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every {@link CatalogSidecarIT} test again on a real PostgreSQL (Debian's package, started here):
 * the sidecar columns of migration V2 written, read back after a restart, and deleted.
 */
class CatalogSidecarPostgresIT extends CatalogSidecarIT {
  @RegisterExtension static final PostgresServer PG = new PostgresServer();
  String url;

  @Override
  Optional<String> database() throws Exception {
    if (url == null) {
      url = PG.harness().newDatabase();
    }
    return Optional.of(url);
  }
}
