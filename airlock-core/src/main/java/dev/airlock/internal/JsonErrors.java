package dev.airlock.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Locale;

/** Renders where a JSON, YAML or TOML parse failed, the same way for every file we read. */
public final class JsonErrors {
  private JsonErrors() {}

  /**
   * The position of a parse error.
   *
   * @param e the parser's exception
   * @return {@code " (line L, column C)"}, or empty when the parser gave no position
   */
  public static String where(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : String.format(
            Locale.ROOT,
            " (line %d, column %d)",
            e.getLocation().getLineNr(),
            e.getLocation().getColumnNr());
  }
}
