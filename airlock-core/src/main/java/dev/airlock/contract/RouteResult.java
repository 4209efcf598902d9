package dev.airlock.contract;

import java.util.Objects;

/**
 * Where {@code route} sends a query. Wire form: no output or {@code {"action":"default"}}, {@code
 * {"action":"node","target":"…"}}, {@code {"action":"primary"}}, {@code {"action":"standby"}},
 * {@code {"action":"branch","target":"…"}}, {@code {"action":"block","reason":"…"}}.
 */
public sealed interface RouteResult
    permits RouteResult.Default,
        RouteResult.Node,
        RouteResult.Primary,
        RouteResult.Standby,
        RouteResult.Branch,
        RouteResult.Block {

  /** The proxy's own routing. */
  RouteResult DEFAULT = new Default();

  /** The proxy's own routing. */
  record Default() implements RouteResult {}

  /**
   * A named node.
   *
   * @param node the node's name
   */
  record Node(String node) implements RouteResult {
    /** Checks the node is present. */
    public Node {
      Objects.requireNonNull(node, "node");
    }
  }

  /** The primary. */
  record Primary() implements RouteResult {}

  /** Any standby. */
  record Standby() implements RouteResult {}

  /**
   * A database branch.
   *
   * @param branch the branch's name
   */
  record Branch(String branch) implements RouteResult {
    /** Checks the branch is present. */
    public Branch {
      Objects.requireNonNull(branch, "branch");
    }
  }

  /**
   * Refuse the query.
   *
   * @param reason the message for the client
   */
  record Block(String reason) implements RouteResult {
    /** Checks the reason is present. */
    public Block {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
