package dev.airlock.contract;

import java.util.List;
import java.util.Objects;

/**
 * A query as the proxy hooks see it.
 *
 * @param query the SQL text
 * @param normalizedQuery the query with literals replaced, for fingerprints
 * @param tables the tables the query references
 * @param readOnly whether the query only reads
 * @param context who is asking
 */
public record QueryContext(
    String query,
    String normalizedQuery,
    List<String> tables,
    boolean readOnly,
    RequestContext context) {

  /** Checks the fields and copies the list. */
  public QueryContext {
    Objects.requireNonNull(query, "query");
    Objects.requireNonNull(normalizedQuery, "normalizedQuery");
    tables = List.copyOf(tables);
    Objects.requireNonNull(context, "context");
  }

  /**
   * The same context with another SQL text, as the next {@code rewrite} plugin sees it (tables and
   * normalized query still describe the original; the proxy does not re-parse between plugins).
   *
   * @param newQuery the rewritten SQL
   * @return the context
   */
  public QueryContext withQuery(String newQuery) {
    return new QueryContext(newQuery, normalizedQuery, tables, readOnly, context);
  }
}
