package dev.airlock.catalog;

import static dev.airlock.catalog.Fixtures.entry;
import static dev.airlock.catalog.Fixtures.index;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IndexResolveTest {
  // Deliberately out of order: HeliosDB Proxy picked the first match; we pick the highest.
  final Index index;

  IndexResolveTest() throws CatalogException {
    index =
        Index.parse(
            index(
                    entry("cost-governor", "0.1.0", "a", "1".repeat(64)),
                    entry("cost-governor", "1.3.2", "b", "2".repeat(64)),
                    entry("cost-governor", "1.10.0", "c", "3".repeat(64)),
                    entry("cost-governor", "2.0.0-rc.1", "d", "4".repeat(64)),
                    entry("cost-governor", "1.2.9", "e", "5".repeat(64)))
                .getBytes(UTF_8),
            "I");
  }

  String pick(String req) throws CatalogException {
    return index.resolve("cost-governor", VersionRequirement.parse(req)).version().toString();
  }

  @Test
  void noVersion_picksTheHighestRelease() throws Exception {
    assertThat(pick("")).isEqualTo("1.10.0");
  }

  @Test
  void exactAndRanges() throws Exception {
    assertThat(pick("1.3.2")).isEqualTo("1.3.2");
    assertThat(pick("^1.2")).isEqualTo("1.10.0");
    assertThat(pick("~1.2")).isEqualTo("1.2.9");
    assertThat(pick("<1.0.0")).isEqualTo("0.1.0");
    assertThat(pick("2.0.0-rc.1")).isEqualTo("2.0.0-rc.1");
  }

  @Test
  void unknownName_saysSo() {
    assertThatThrownBy(() -> index.resolve("nope", VersionRequirement.any()))
        .isInstanceOf(CatalogException.class)
        .hasMessage("no plugin 'nope' in registry");
  }

  @Test
  void noMatchingVersion_listsTheVersions() {
    assertThatThrownBy(() -> pick("2.0.0"))
        .isInstanceOf(CatalogException.class)
        .hasMessage(
            "no plugin 'cost-governor' at version '2.0.0' in registry (versions: 0.1.0, 1.2.9,"
                + " 1.3.2, 1.10.0, 2.0.0-rc.1)");
    assertThatThrownBy(() -> pick("^3"))
        .hasMessageStartingWith("no plugin 'cost-governor' at version '^3' in registry");
  }
}
