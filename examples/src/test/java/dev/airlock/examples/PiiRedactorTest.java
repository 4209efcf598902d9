package dev.airlock.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The pii-redactor example's {@code post_query} hook, run with plain Chicory. */
class PiiRedactorTest {
  private final RawPlugin redactor = RawPlugin.load("pii-redactor");

  /** A post_query payload around rows, given as JSON text. */
  private static String payload(String rows) {
    return "{\"query\":\"SELECT email, card, n FROM users\",\"columns\":[\"email\",\"card\",\"n\"],"
        + "\"rows\":"
        + rows
        + "}";
  }

  private static String rewrite(String rows) {
    return "{\"action\":\"rewrite\",\"rows\":" + rows + "}";
  }

  @Test
  void emailsAndCardNumbers_areMaskedInEveryRow() {
    String input =
        payload(
            "[[\"alice@example.com\", \"4111 1111 1111 1111\", 42],"
                + " [\"bob@example.org\", \"5500-0000-0000-0004\", null],"
                + " [\"carol\", \"none\", -1.5e3]]");

    assertThat(redactor.call("post_query", input))
        .isEqualTo(
            rewrite(
                "[[\"a***@example.com\",\"**** **** **** 1111\",42],"
                    + "[\"b***@example.org\",\"**** **** **** 0004\",null],"
                    + "[\"carol\",\"none\",-1.5e3]]"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "write to alice.smith+db@mail.example.co.uk. | write to a***@mail.example.co.uk.",
        "a@b.io and x_y@corp.example.net | a***@b.io and x***@corp.example.net",
        "card 4111111111111111, thanks | card **** **** **** 1111, thanks",
        "amex 3782 822463 10005 | amex **** **** **** 0005",
        "13 digits 4222222222222 | 13 digits **** **** **** 2222",
        "\\u0061lice@example.com | a***@example.com",
      })
  void piiInsideText_isMaskedInPlace(String text, String masked) {
    assertThat(redactor.call("post_query", payload("[[\"" + text + "\"]]")))
        .isEqualTo(rewrite("[[\"" + masked + "\"]]"));
  }

  @Test
  void unchangedCellsInARewrittenRow_keepTheirValueWithCanonicalEscapes() {
    String input =
        payload("[[\"q\\\"u\\\\o\\/te\\n\\u00e9\\t\", \"bob@example.org\", {\"a\": [1, true]}]]");

    assertThat(redactor.call("post_query", input))
        .isEqualTo(
            rewrite("[[\"q\\\"u\\\\o/te\\né\\t\",\"b***@example.org\",{\"a\": [1, true]}]]"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[]",
        "[[]]",
        "[[\"carol\", 7, true, null]]",
        "[[\"4111 1111 1111 1112\"]]",
        "[[\"123456789012\"]]",
        "[[\"41111111111111111111111\"]]",
        "[[\"a***@example.com\", \"**** **** **** 1111\"]]",
        "[[\"not an address: x@y, @example.com, a@localhost, a@b.c\"]]",
        "[[\"date 2024-01-15, phone +1 555 0100\"]]",
      })
  void rowsWithoutPii_continue(String rows) {
    assertThat(redactor.call("post_query", payload(rows))).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{\"rows\":",
        "{\"rows\":[[\"alice@example.com\"",
        "{\"rows\":[[\"alice@example.com\"]",
        "{\"rows\":[[\"alice@example.com",
        "{\"rows\":[[\"alice@example.com\\",
        "{\"rows\":[[\"alice@example.com\", 01]]}",
        "{\"rows\":[[\"alice@example.com\", tru]]}",
        "{\"rows\":[\"alice@example.com\"]}",
        "{\"rows\":{\"a\":\"alice@example.com\"}}",
        "{\"rows\":[[\"alice@example.com\"]],\"x\"",
      })
  void malformedInput_continues(String input) {
    assertThat(redactor.call("post_query", input)).isNull();
  }

  @Test
  void oneMebibyteCell_isMasked() {
    String filler = "x".repeat(1 << 20);

    assertThat(redactor.call("post_query", payload("[[\"" + filler + " bob@example.org\"]]")))
        .isEqualTo(rewrite("[[\"" + filler + " b***@example.org\"]]"));
  }

  @Test
  void hostileInputs_continueWithoutTrapping() {
    assertThat(redactor.call("post_query", "{\"rows\":" + "[".repeat(1 << 20))).isNull();
    assertThat(redactor.call("post_query", payload("[[" + "[".repeat(1 << 16) + "]]"))).isNull();
    assertThat(redactor.call("post_query", payload("[[\"" + "\\u00e9".repeat(1 << 17)))).isNull();

    Random random = new Random(7);
    for (int i = 0; i < 50; i++) {
      byte[] junk = new byte[random.nextInt(4096)];
      random.nextBytes(junk);
      assertThat(redactor.call("post_query", junk)).isNull();
    }
    byte[] prefix = "{\"rows\":[[\"".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 20; i++) {
      byte[] junk = new byte[prefix.length + random.nextInt(4096)];
      random.nextBytes(junk);
      System.arraycopy(prefix, 0, junk, 0, prefix.length);
      byte[] output = redactor.call("post_query", junk);
      if (output != null) {
        assertThat(new String(output, StandardCharsets.UTF_8))
            .startsWith("{\"action\":\"rewrite\"");
      }
    }
  }
}
