package dev.airlock.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.artefact.SemanticVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VersionRequirementTest {
  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
    "'',1.0.0,true",
    "*,0.0.1,true",
    "1.2.3,1.2.3,true",
    "1.2.3,1.2.4,false",
    "^1.2,1.2.0,true",
    "^1.2,1.9.9,true",
    "^1.2,2.0.0,false",
    "^1.2,1.1.9,false",
    "^0.2.3,0.2.9,true",
    "^0.2.3,0.3.0,false",
    "^0.0.3,0.0.4,false",
    "~1.2.3,1.2.9,true",
    "~1.2.3,1.3.0,false",
    "1.x,1.7.0,true",
    "1.x,2.0.0,false",
    "1.2,1.2.7,true",
    "1.2,1.3.0,false",
    "'>=1.0.0 <2.0.0',1.5.0,true",
    "'>=1.0.0, <2.0.0',2.0.0,false",
    ">1.0.0,1.0.0,false",
    "<=1.0.0,1.0.0,true",
    "^1.2,1.3.0-rc.1,false",
    ">=1.3.0-rc.1,1.3.0-rc.2,true",
    "1.3.0-rc.1,1.3.0-rc.1,true",
  })
  void matches(String requirement, String version, boolean expected) {
    assertThat(VersionRequirement.parse(requirement).matches(SemanticVersion.parse(version)))
        .isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"^", "abc", "1.x.3", "=>1.0.0", "^1.2.3.4", "1..2"})
  void parse_garbage_namesTheAcceptedForms(String text) {
    assertThatThrownBy(() -> VersionRequirement.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "version requirement should be a version (1.2.3), a range (^1.2, ~1.2.3, 1.x,"
                + " >=1.0.0 <2.0.0) or empty for the latest, got '"
                + text
                + "'");
  }
}
