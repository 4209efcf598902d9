package dev.airlock.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.testing.PostgresHarness;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL (Debian's package) for one test class: started before its tests, stopped after
 * them; the class is skipped, saying why, when the package is not installed. Register it as a
 * static {@code @RegisterExtension} field.
 */
final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
  private PostgresHarness pg;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    assumeTrue(
        PostgresHarness.binaries().isPresent(),
        "Debian's postgresql is not installed (./build test installs it)");
    pg = PostgresHarness.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  /** The running server, to stop or restart it under a test. */
  PostgresHarness harness() {
    return pg;
  }
}
