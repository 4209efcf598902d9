package dev.airlock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The cost-governor example's {@code pre_query} hook, run with plain Chicory. */
class CostGovernorTest {
  private static final String NO_LIMIT =
      "{\"action\":\"block\",\"reason\":\"SELECT without LIMIT: add a LIMIT clause\"}";

  private static final Map<String, String> CONFIG =
      Map.of("star_blocked_tables", "secrets, Audit_Log ,public.payroll");

  private final RawPlugin plain = RawPlugin.load("cost-governor");
  private final RawPlugin configured = RawPlugin.load("cost-governor", CONFIG);

  /** A pre_query payload; query and tables are JSON text, already escaped. */
  private static String payload(String query, String... tables) {
    return "{\"query\":\""
        + query
        + "\",\"normalized_query\":\"\",\"tables\":["
        + (tables.length == 0 ? "" : "\"" + String.join("\",\"", tables) + "\"")
        + "],\"read_only\":true}";
  }

  private static String starBlocked(String table) {
    return "{\"action\":\"block\",\"reason\":\"SELECT * on table "
        + table
        + " is not allowed: name the columns\"}";
  }

  @Test
  void selectWithoutLimit_blocks() {
    assertThat(plain.call("pre_query", payload("SELECT * FROM users", "users")))
        .isEqualTo(NO_LIMIT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT id FROM users LIMIT 10",
        "select id from users limit 10",
        "(SELECT id FROM users) UNION (SELECT id FROM admins) LIMIT 5",
        "SELECT id FROM users WHERE name = 'x' LIMIT 1 -- no limit here",
        "SELECT id FROM users \\u004cIMIT 10",
        "INSERT INTO users (id) VALUES (1)",
        "UPDATE users SET name = 'a'",
        "SELECT id FROM users WHERE id = $1 LIMIT 1",
        "SELECT 'it''s' FROM users LIMIT 1",
      })
  void boundedSelectOrOtherStatement_continues(String query) {
    assertThat(plain.call("pre_query", payload(query, "users"))).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT 'limit 5' FROM users",
        "SELECT \\\"limit\\\" FROM users",
        "SELECT id FROM users -- LIMIT 10",
        "SELECT id FROM users /* LIMIT 10 */",
        "SELECT $$ LIMIT 10 $$ FROM users",
        "SELECT $body$ LIMIT 10 $body$ FROM users",
        "SELECT 'it''s LIMIT 1' FROM users",
        "SELECT id FROM users /* LIMIT 10",
        "SELECT id FROM (SELECT id FROM users LIMIT 10) t",
        "WITH t AS (SELECT id FROM users LIMIT 3) SELECT * FROM t, users",
        "  (select id from users)",
      })
  void limitOnlyInLiteralCommentOrSubquery_blocks(String query) {
    assertThat(plain.call("pre_query", payload(query, "users"))).isEqualTo(NO_LIMIT);
  }

  @Test
  void selectStarOnConfiguredTable_blocksEvenWithLimit() {
    assertThat(configured.call("pre_query", payload("SELECT * FROM secrets LIMIT 5", "secrets")))
        .isEqualTo(starBlocked("secrets"));
  }

  @Test
  void selectStarOnConfiguredTable_matchesCaseAndSchemaInsensitively() {
    assertThat(
            configured.call("pre_query", payload("SELECT a.* FROM x.audit_log a", "x.AUDIT_LOG")))
        .isEqualTo(starBlocked("x.AUDIT_LOG"));
    assertThat(
            configured.call(
                "pre_query", payload("SELECT DISTINCT * FROM payroll LIMIT 1", "public.payroll")))
        .isEqualTo(starBlocked("public.payroll"));
  }

  @Test
  void selectStarOnConfiguredTable_escapesTheTableNameInTheReason() {
    RawPlugin governor = RawPlugin.load("cost-governor", Map.of("star_blocked_tables", "we\"ird"));

    assertThat(governor.call("pre_query", payload("SELECT * FROM x LIMIT 1", "we\\\"ird")))
        .isEqualTo(starBlocked("we\\\"ird"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "SELECT * FROM users LIMIT 5 | users",
        "SELECT * FROM secrets_archive LIMIT 5 | secrets_archive",
        "SELECT count(*) FROM secrets LIMIT 1 | secrets",
        "SELECT a * b FROM secrets LIMIT 1 | secrets",
        "SELECT id FROM secrets WHERE note = '*' LIMIT 1 | secrets",
      })
  void noStarOnConfiguredTable_continues(String query, String table) {
    assertThat(configured.call("pre_query", payload(query, table))).isNull();
  }

  @Test
  void selectStarWithoutConfig_onlyNeedsALimit() {
    assertThat(plain.call("pre_query", payload("SELECT * FROM secrets LIMIT 5", "secrets")))
        .isNull();
  }

  @Test
  void oneMebibyteQueryWithoutLimit_blocks() {
    String query = "SELECT id FROM users WHERE note = '" + "x".repeat(1 << 20) + " LIMIT 1'";

    assertThat(plain.call("pre_query", payload(query, "users"))).isEqualTo(NO_LIMIT);
  }

  @Test
  void queryOfManyTokensWithoutLimit_blocks() {
    // 64 Ki tokens: Chicory's interpreter scans about 300 thousand tokens a second.
    String query = "SELECT " + "a,".repeat(1 << 15) + "b FROM users";

    assertThat(plain.call("pre_query", payload(query, "users"))).isEqualTo(NO_LIMIT);
    assertThat(plain.call("pre_query", payload(query + " LIMIT 1", "users"))).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "[]",
        "null",
        "{\"query\":",
        "{\"query\":\"SELECT * FROM users",
        "{\"query\":\"SELECT * FROM users\\",
        "{\"query\":\"SELECT * FROM users\\u12",
        "{\"query\":\"SELECT \\ud800 FROM users\"}",
        "{\"query\":\"SELECT \u0001 FROM users\"}",
        "{\"query\":42}",
        "{\"tables\":[\"users\"]}",
        "{\"read_only\":true,\"query\"}",
      })
  void malformedInput_continues(String input) {
    assertThat(configured.call("pre_query", input)).isNull();
  }

  @Test
  void hostileInputs_continueOrBlockWithoutTrapping() {
    assertThat(configured.call("pre_query", "[".repeat(1 << 20))).isNull();
    assertThat(configured.call("pre_query", "{\"x\":" + "[".repeat(1 << 20))).isNull();
    assertThat(configured.call("pre_query", "{\"query\":\"" + "\\\\".repeat(1 << 19))).isNull();
    assertThat(configured.call("pre_query", payload("SELECT * FROM t" + "(".repeat(1 << 16))))
        .isEqualTo(NO_LIMIT);

    Random random = new Random(42);
    for (int i = 0; i < 50; i++) {
      byte[] junk = new byte[random.nextInt(4096)];
      random.nextBytes(junk);
      byte[] output = configured.call("pre_query", junk);
      if (output != null) {
        assertThat(new String(output, StandardCharsets.UTF_8)).startsWith("{\"action\":\"block\"");
      }
    }
  }
}
