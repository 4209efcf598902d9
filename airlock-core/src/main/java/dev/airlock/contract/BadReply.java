package dev.airlock.contract;

/** A reply the contract does not allow, or an error the plugin reported in its reply. */
final class BadReply extends Exception {
  private static final long serialVersionUID = 1L;

  final HookFailure.Reason reason;

  private BadReply(HookFailure.Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  /** The output breaks the contract: what is wrong, and what was expected. */
  static BadReply malformed(String message) {
    return new BadReply(HookFailure.Reason.MALFORMED_OUTPUT, message);
  }

  /** The plugin answered with an {@code "error"}: it says it could not do the job. */
  static BadReply reported(String error) {
    return new BadReply(HookFailure.Reason.PLUGIN_ERROR, "reported an error: " + error);
  }
}
