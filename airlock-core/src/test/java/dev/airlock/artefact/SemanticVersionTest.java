package dev.airlock.artefact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SemanticVersionTest {
  @Test
  void compareTo_followsSemverPrecedence() {
    List<String> ordered =
        List.of(
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.2.0",
            "1.10.0",
            "2.0.0");
    for (int i = 1; i < ordered.size(); i++) {
      assertThat(SemanticVersion.parse(ordered.get(i - 1)))
          .as("%s < %s", ordered.get(i - 1), ordered.get(i))
          .isLessThan(SemanticVersion.parse(ordered.get(i)));
    }
  }

  @Test
  void compareTo_ignoresBuildMetadata() {
    assertThat(SemanticVersion.parse("1.0.0+a").compareTo(SemanticVersion.parse("1.0.0+b")))
        .isZero();
  }

  @Test
  void toString_roundTrips() {
    assertThat(SemanticVersion.parse("1.2.3-rc.1+build.5").toString())
        .isEqualTo("1.2.3-rc.1+build.5");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1",
        "1.2",
        "v1.2.3",
        "1.2.3.4",
        "01.2.3",
        "1.2.3-",
        "1.2.3-01",
        "1.2.3+",
        " 1.2.3",
        "99999999999999999999.0.0"
      })
  void parse_invalid_refused(String text) {
    assertThatThrownBy(() -> SemanticVersion.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("version should be a semantic version like 1.2.3");
  }
}
