package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DirectRoutesTest {
  private static final String[] INVOKE = "api/v1/plugins/{id}/invoke/{hook}".split("/", -1);

  @Test
  void matchesTheTemplateAndGivesTheParametersInOrder() {
    assertThat(DirectRoutes.match(INVOKE, "/api/v1/plugins/echo/invoke/pre_query"))
        .containsExactly("echo", "pre_query");
  }

  @Test
  void decodesParametersAsJavalinDoes() {
    assertThat(DirectRoutes.match(INVOKE, "/api/v1/plugins/..%2fetc/invoke/a+b"))
        .containsExactly("../etc", "a+b");
    assertThat(DirectRoutes.match(INVOKE, "/api/v1/plugins/x%00y/invoke/h"))
        .containsExactly("x\0y", "h");
    assertThat(DirectRoutes.match(INVOKE, "/api/v1/plugins/x%zz/invoke/h"))
        .as("a broken escape is left for the id check")
        .containsExactly("x%zz", "h");
  }

  @Test
  void refusesEverythingElse() {
    for (String uri :
        List.of(
            "",
            "api/v1/plugins/echo/invoke/h",
            "/api/v1/plugins/echo/invoke",
            "/api/v1/plugins/echo/invoke/",
            "/api/v1/plugins//invoke/h",
            "/api/v1/plugins/echo/invoke/h/more",
            "/api/v1/plugins/echo/enable",
            "/api/v2/plugins/echo/invoke/h",
            "/api/v1/plugins/echo/invoke/h/")) {
      assertThat(DirectRoutes.match(INVOKE, uri)).as(uri).isNull();
    }
  }

  @Test
  void handWrittenIdChecksAgreeWithTheirPatterns() {
    Random r = new Random(42);
    String alphabet = "aZz09_-.:/%+ \0é";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(5) == 0 ? 120 + r.nextInt(20) : r.nextInt(8);
      for (int k = 0; k < n; k++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String s = b.toString();
      assertThat(Ids.isHook(s)).as(s).isEqualTo(s.matches("[A-Za-z_][A-Za-z0-9_.:-]{0,127}"));
      assertThat(Ids.isPluginId(s)).as(s).isEqualTo(s.matches("[a-z][a-z0-9_-]{0,127}"));
    }
  }
}
