package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.auth.Challenge;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {
  @Test
  void dockerHubStyle_bearerWithQuotedParams() {
    List<Challenge> c =
        Challenge.parse(
            List.of(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:samalba/my-app:pull,push\""));
    assertThat(c)
        .containsExactly(
            new Challenge(
                "bearer",
                Map.of(
                    "realm", "https://auth.docker.io/token",
                    "service", "registry.docker.io",
                    "scope", "repository:samalba/my-app:pull,push")));
  }

  @Test
  void severalChallengesInOneValue_caseAndSpacingVary_tokensAndEscapes() {
    List<Challenge> c =
        Challenge.parse(
            List.of(
                "BASIC  Realm = \"a \\\"quoted\\\" realm\" , bearer realm=https://x.io/t,"
                    + " Service=reg"));
    assertThat(c)
        .containsExactly(
            new Challenge("basic", Map.of("realm", "a \"quoted\" realm")),
            new Challenge("bearer", Map.of("realm", "https://x.io/t", "service", "reg")));
  }

  @Test
  void headersSplitAcrossValues_andGarbage_areHandledWithoutGuessing() {
    List<Challenge> c =
        Challenge.parse(
            List.of("Basic realm=\"r\"", "", "Bearer realm=\"unterminated", "=== ,,, Negotiate"));
    assertThat(c).extracting(Challenge::scheme).containsExactly("basic", "bearer", "negotiate");
    assertThat(c.get(1).param("REALM")).contains("unterminated");
  }
}
