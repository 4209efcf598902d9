package dev.airlock.host;

import dev.airlock.AirlockException;
import java.util.List;

/** An operation on a host was refused: no such plugin, an invalid configuration, … */
public class HostException extends AirlockException {
  private static final long serialVersionUID = 1L;

  /** Why. */
  public enum Reason {
    /** No plugin has this name. */
    NOT_FOUND,
    /** The configuration breaks the plugin's schema. */
    INVALID_CONFIG,
    /** The plugin cannot do this in its current state (e.g. enable a failed plugin). */
    WRONG_STATE
  }

  private final Reason reason;
  private final transient List<String> problems;

  /**
   * Creates an exception.
   *
   * @param reason why
   * @param message a message a person can act on
   * @param problems the individual problems (e.g. one per config field), possibly empty
   */
  public HostException(Reason reason, String message, List<String> problems) {
    super(message);
    this.reason = reason;
    this.problems = List.copyOf(problems);
  }

  /**
   * @return why
   */
  public Reason reason() {
    return reason;
  }

  /**
   * @return the individual problems, e.g. one per config field
   */
  public List<String> problems() {
    return problems;
  }
}
