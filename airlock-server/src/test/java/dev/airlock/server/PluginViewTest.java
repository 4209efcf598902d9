package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Plugin types read off hooks, and the list filter's allowed values staying in step with them. */
class PluginViewTest {
  @Test
  void type_ofEachKindOfHook_isOneOfTheFilterValues_andEveryValueIsReachable() {
    Map<List<String>, String> cases =
        Map.of(
            List.of("format_key", "validate"), "format_handler",
            List.of("authenticate"), "authentication",
            List.of("authorize"), "authorization",
            List.of("validate_upload"), "validator",
            List.of("extract"), "metadata_extractor",
            List.of("process"), "post_processor",
            List.of("post_query"), "query_hook",
            List.of("on_connect"), "query_hook",
            List.of("echo"), "custom");
    Set<String> produced = new LinkedHashSet<>();
    cases.forEach(
        (hooks, expected) -> {
          String type = PluginView.type(hooks);
          assertThat(type).as("type of %s", hooks).isEqualTo(expected);
          produced.add(type);
        });
    assertThat(PluginView.TYPES).containsExactlyInAnyOrderElementsOf(produced);
  }
}
