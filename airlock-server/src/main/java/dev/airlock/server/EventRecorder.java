package dev.airlock.server;

import dev.airlock.host.HostEvent;
import dev.airlock.host.HostListener;

/** Keeps every host event in the database, for {@code GET /plugins/{id}/events}. */
final class EventRecorder implements HostListener {
  private static final System.Logger LOG = System.getLogger(EventRecorder.class.getName());
  private final Database db;

  EventRecorder(Database db) {
    this.db = db;
  }

  @Override
  public void onEvent(HostEvent event) {
    if (event.type() == HostEvent.Type.RESCANNED) {
      return;
    }
    try {
      db.transaction(c -> PluginRecords.addEvent(c, event));
    } catch (ApiException e) {
      LOG.log(System.Logger.Level.WARNING, "event not recorded: {0} ({1})", event, e.getMessage());
    }
  }
}
