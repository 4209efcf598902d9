package dev.airlock.catalog;

/** Hears each step of an install; the library never prints. Called on the installing thread. */
@FunctionalInterface
public interface InstallListener {
  /** Ignores everything. */
  InstallListener NONE = (step, detail) -> {};

  /**
   * One step is done.
   *
   * @param step the step
   * @param detail a short description (a file name, a version)
   */
  void onStep(InstallStep step, String detail);
}
