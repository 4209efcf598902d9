package dev.airlock.oci;

/** Receives {@link ProgressEvent}s on the thread doing the work; must not block long. */
@FunctionalInterface
public interface ProgressListener {
  /** Ignores every event. */
  ProgressListener NONE = e -> {};

  /**
   * One event.
   *
   * @param event the event
   */
  void onEvent(ProgressEvent event);
}
