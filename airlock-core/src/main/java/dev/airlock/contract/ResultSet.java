package dev.airlock.contract;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rows of a query result, as JSON values: a cell is a {@link String}, {@link Long}, {@link
 * Integer}, {@link BigInteger}, {@link BigDecimal}, a finite {@link Double} or {@link Float},
 * {@link Boolean}, {@code null}, or a {@link List} or {@link Map} (string keys) of those. Cells
 * read from a plugin's reply are {@code Long} or {@code BigInteger} for whole numbers and {@code
 * BigDecimal} for others. Every row has one cell per column.
 *
 * @param columns the column names
 * @param rows the rows; unmodifiable, cells may be null
 */
public record ResultSet(List<String> columns, List<List<Object>> rows) {

  /** Checks the shape and cell types; copies the lists. */
  public ResultSet {
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      List<Object> row = Objects.requireNonNull(rows.get(i), "rows[" + i + "]");
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException(
            "rows["
                + i
                + "] has "
                + row.size()
                + " cells, expected "
                + columns.size()
                + " (one per column)");
      }
      for (Object cell : row) {
        checkCell(cell, 0);
      }
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
  }

  /**
   * An empty result with these columns.
   *
   * @param columns the column names
   * @return the result
   */
  public static ResultSet empty(List<String> columns) {
    return new ResultSet(columns, List.of());
  }

  private static void checkCell(Object cell, int depth) {
    if (depth > PluginJson.MAX_DEPTH) {
      throw new IllegalArgumentException("cell nested deeper than " + PluginJson.MAX_DEPTH);
    }
    if (cell == null
        || cell instanceof String
        || cell instanceof Long
        || cell instanceof Integer
        || cell instanceof BigInteger
        || cell instanceof BigDecimal
        || cell instanceof Boolean) {
      return;
    }
    if ((cell instanceof Double d && Double.isFinite(d))
        || (cell instanceof Float f && Float.isFinite(f))) {
      return;
    }
    if (cell instanceof List<?> list) {
      for (Object o : list) {
        checkCell(o, depth + 1);
      }
      return;
    }
    if (cell instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException("cell map keys must be strings, got " + e.getKey());
        }
        checkCell(e.getValue(), depth + 1);
      }
      return;
    }
    throw new IllegalArgumentException(
        "cell of type "
            + cell.getClass().getName()
            + " is not a JSON value (String, Long, "
            + "BigInteger, BigDecimal, Boolean, null, List, Map)");
  }
}
