package dev.airlock.contract;

import static dev.airlock.contract.FailureMode.FAIL_CLOSED;
import static dev.airlock.contract.FailureMode.FAIL_OPEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailurePolicyTest {
  @ParameterizedTest
  @CsvSource({
    "pre_query,FAIL_CLOSED",
    "post_query,FAIL_CLOSED",
    "authenticate,FAIL_CLOSED",
    "authorize,FAIL_CLOSED",
    "route,FAIL_OPEN",
    "rewrite,FAIL_CLOSED",
    "on_connect,FAIL_OPEN",
    "on_disconnect,FAIL_OPEN",
    "format_key,FAIL_CLOSED",
    "parse_metadata,FAIL_CLOSED",
    "validate,FAIL_CLOSED",
    "generate_index,FAIL_CLOSED",
    "extract,FAIL_OPEN",
    "validate_upload,FAIL_CLOSED",
    "process,FAIL_CLOSED",
    "some_future_hook,FAIL_CLOSED"
  })
  void defaults_matchTheDocumentedTable(String hook, FailureMode mode) {
    assertThat(FailurePolicy.defaults().mode(hook)).isEqualTo(mode);
    assertThat(FailurePolicy.defaults().mode("any-plugin", hook)).isEqualTo(mode);
  }

  @Test
  void pluginSetting_overridesTheHook_forThatPluginOnly() {
    FailurePolicy p =
        FailurePolicy.builder()
            .mode("post_query", FAIL_OPEN)
            .mode("pii-redactor", "post_query", FAIL_CLOSED)
            .build();

    assertThat(p.mode("audit-log", "post_query")).isEqualTo(FAIL_OPEN);
    assertThat(p.mode("pii-redactor", "post_query")).isEqualTo(FAIL_CLOSED);
    assertThat(p.mode("pii-redactor", "pre_query")).isEqualTo(FAIL_CLOSED);
  }

  @Test
  void fallback_appliesToHooksWithoutDefault_andToBuilderIsACopy() {
    FailurePolicy p = FailurePolicy.builder().fallback(FAIL_OPEN).build();
    FailurePolicy q = p.toBuilder().mode("route", FAIL_CLOSED).build();

    assertThat(p.mode("custom_hook")).isEqualTo(FAIL_OPEN);
    assertThat(p.mode("authenticate")).isEqualTo(FAIL_CLOSED);
    assertThat(p.mode("route")).isEqualTo(FAIL_OPEN);
    assertThat(q.mode("route")).isEqualTo(FAIL_CLOSED);
    assertThat(q.mode("custom_hook")).isEqualTo(FAIL_OPEN);
  }

  @Test
  void builder_refusesEmptyNames() {
    assertThatThrownBy(() -> FailurePolicy.builder().mode("", FAIL_OPEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hook must be a non-empty name without NUL");
    assertThatThrownBy(() -> FailurePolicy.builder().mode("", "pre_query", FAIL_OPEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plugin must be a non-empty name without NUL");
  }
}
