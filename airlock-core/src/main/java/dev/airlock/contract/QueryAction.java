package dev.airlock.contract;

import java.util.Objects;

/**
 * What {@code pre_query} (and {@code rewrite}) decided about a query. Wire form: no output or
 * {@code {"action":"continue"}}, {@code {"action":"rewrite","query":"…"}}, {@code
 * {"action":"block","reason":"…"}}, {@code {"action":"cached","columns":[…],"rows":[[…]]}}.
 */
public sealed interface QueryAction
    permits QueryAction.Continue, QueryAction.Rewrite, QueryAction.Block, QueryAction.Cached {

  /** Run the query as it is. */
  QueryAction CONTINUE = new Continue();

  /** Run the query as it is. */
  record Continue() implements QueryAction {}

  /**
   * Run this SQL instead.
   *
   * @param query the new SQL
   */
  record Rewrite(String query) implements QueryAction {
    /** Checks the query is present. */
    public Rewrite {
      Objects.requireNonNull(query, "query");
    }
  }

  /**
   * Do not run the query; tell the client why.
   *
   * @param reason the message for the client
   */
  record Block(String reason) implements QueryAction {
    /** Checks the reason is present. */
    public Block {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Do not run the query; answer with these rows.
   *
   * @param result the rows to return
   */
  record Cached(ResultSet result) implements QueryAction {
    /** Checks the result is present. */
    public Cached {
      Objects.requireNonNull(result, "result");
    }
  }
}
